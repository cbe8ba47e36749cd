// The client side of the WebTorrent tracker protocol over WebSocket, for WebRTC: announce with offers, answer the
// offers the tracker forwards, and re-announce on the tracker's interval. Each pair of peers ends with exactly one
// connection, whoever offered first (a glare between two offers keeps the lower peer_id's).

const OFFERS = 3;
const GATHER_TIMEOUT_MS = 5000;

/** 20 random printable characters with a client prefix, as WebTorrent clients make them. */
export function newPeerId() {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const random = crypto.getRandomValues(new Uint8Array(12));
  return '-RZ0001-' + Array.from(random, (b) => alphabet[b % alphabet.length]).join('');
}

/** The room's info_hash: the SHA-1 of its name, as a 20-character binary string. */
export async function infoHashOf(room) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(room)));
  return String.fromCharCode(...digest);
}

export function hex(binary) {
  return Array.from(binary, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}

function gathered(pc) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { if (pc.iceGatheringState === 'complete') { clearTimeout(timer); resolve(); } };
    const timer = setTimeout(resolve, GATHER_TIMEOUT_MS);
    pc.addEventListener('icegatheringstatechange', done);
  });
}

export class TrackerClient extends EventTarget {
  /**
   * @param url      the tracker's WebSocket URL
   * @param infoHash the room's 20-character info_hash
   * @param rtcConfig a function returning the RTCPeerConnection configuration, called once the peer is announced
   */
  constructor(url, infoHash, peerId, rtcConfig) {
    super();
    this.url = url;
    this.infoHash = infoHash;
    this.peerId = peerId;
    this.rtcConfig = rtcConfig;
    this.config = null;
    this.pending = new Map(); // offer_id -> RTCPeerConnection waiting for an answer
    this.peers = new Map(); // peer_id -> { pc, channel, offerer }
    this.timer = null;
  }

  start() {
    this.socket = new WebSocket(this.url);
    this.socket.addEventListener('open', () => this.announce('started', []));
    this.socket.addEventListener('message', (event) => this.receive(JSON.parse(event.data)));
    this.socket.addEventListener('close', () => this.emit('closed', {}));
  }

  stop() {
    clearTimeout(this.timer);
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.announce('stopped', []);
    for (const pc of this.pending.values()) pc.close();
    for (const peer of this.peers.values()) peer.pc.close();
    this.pending.clear();
    this.peers.clear();
    if (this.socket) this.socket.close();
    this.emit('peers', {});
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  send(message) {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  announce(event, offers) {
    const message = { action: 'announce', info_hash: this.infoHash, peer_id: this.peerId, numwant: offers.length,
      uploaded: 0, downloaded: 0, left: 0, offers };
    if (event) message.event = event;
    this.send(message);
  }

  async receive(message) {
    if (message['failure reason']) {
      this.emit('error', { message: message['failure reason'] });
      return;
    }
    if (message.offer && message.offer_id && message.peer_id) {
      await this.answerOffer(message);
    } else if (message.answer && message.offer_id && message.peer_id) {
      await this.acceptAnswer(message);
    } else if (message.interval !== undefined && message.action === 'announce') {
      this.interval = Math.max(2, message.interval);
      if (!this.config) {
        this.config = await this.rtcConfig(); // after the first announce: tracker-gated TURN now knows this peer
        await this.announceWithOffers();
      }
    }
  }

  async announceWithOffers() {
    for (const pc of this.pending.values()) pc.close();
    this.pending.clear();
    const offers = [];
    for (let i = 0; i < OFFERS; i++) {
      const pc = new RTCPeerConnection(this.config);
      const channel = pc.createDataChannel('chat');
      pc.channel = channel;
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      const offerId = hex(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(10))));
      this.pending.set(offerId, pc);
      offers.push({ offer_id: offerId, offer: { type: 'offer', sdp: pc.localDescription.sdp } });
    }
    this.announce(null, offers);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.announceWithOffers(), (this.interval || 30) * 1000);
  }

  /** Whether a new connection with {@code peerId}, offered by {@code offerer}, should replace or join the existing one. */
  wanted(peerId, offerer) {
    const existing = this.peers.get(peerId);
    if (!existing) return true;
    if (existing.pc.connectionState === 'connected') return false;
    if (['failed', 'closed'].includes(existing.pc.connectionState)) return true;
    const keep = this.peerId < peerId ? this.peerId : peerId;
    return offerer === keep && existing.offerer !== keep;
  }

  async answerOffer(message) {
    if (!this.config || !this.wanted(message.peer_id, message.peer_id)) return;
    const pc = new RTCPeerConnection(this.config);
    this.adopt(message.peer_id, pc, message.peer_id);
    pc.addEventListener('datachannel', (event) => this.attach(message.peer_id, pc, event.channel));
    await pc.setRemoteDescription(message.offer);
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    this.send({ action: 'announce', info_hash: this.infoHash, peer_id: this.peerId, to_peer_id: message.peer_id,
      offer_id: message.offer_id, answer: { type: 'answer', sdp: pc.localDescription.sdp } });
  }

  async acceptAnswer(message) {
    const pc = this.pending.get(message.offer_id);
    if (!pc) return;
    this.pending.delete(message.offer_id);
    if (!this.wanted(message.peer_id, this.peerId)) {
      pc.close();
      return;
    }
    this.adopt(message.peer_id, pc, this.peerId);
    this.attach(message.peer_id, pc, pc.channel);
    await pc.setRemoteDescription(message.answer);
  }

  adopt(peerId, pc, offerer) {
    const previous = this.peers.get(peerId);
    if (previous && previous.pc !== pc) previous.pc.close();
    this.peers.set(peerId, { pc, channel: null, offerer });
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') {
        if (this.peers.get(peerId)?.pc === pc) this.peers.delete(peerId);
      }
      this.emit('peers', {});
    });
    this.emit('peers', {});
  }

  attach(peerId, pc, channel) {
    const peer = this.peers.get(peerId);
    if (!peer || peer.pc !== pc) return;
    peer.channel = channel;
    channel.addEventListener('open', () => this.emit('peers', {}));
    channel.addEventListener('message', (event) => this.emit('message', { from: peerId, text: event.data }));
  }

  /** Sends {@code text} on every open data channel; returns how many peers got it. */
  broadcast(text) {
    let sent = 0;
    for (const peer of this.peers.values()) {
      if (peer.channel && peer.channel.readyState === 'open') {
        peer.channel.send(text);
        sent++;
      }
    }
    return sent;
  }
}

/** The selected candidate pair's local and remote candidate types ('host', 'srflx', 'prflx', 'relay'), or null. */
export async function selectedPath(pc) {
  const stats = await pc.getStats();
  let pair = null;
  stats.forEach((report) => {
    if (report.type === 'transport' && report.selectedCandidatePairId) pair = stats.get(report.selectedCandidatePairId);
  });
  if (!pair) {
    stats.forEach((report) => {
      if (report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded') pair = report;
    });
  }
  if (!pair) return null;
  const local = stats.get(pair.localCandidateId);
  const remote = stats.get(pair.remoteCandidateId);
  return { local: local?.candidateType, remote: remote?.candidateType,
    relayProtocol: local?.relayProtocol, protocol: local?.protocol };
}
