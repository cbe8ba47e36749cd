// The SDP-only RTCPeerConnection: the tracker tests need real offer/answer signaling, not media or transport.
let counter = 0

export const descriptionsSet = [] // every remote description any stub connection received, for assertions

export class RTCSessionDescription {
  constructor ({ type, sdp }) { this.type = type; this.sdp = sdp }
}

export class RTCIceCandidate {
  constructor (init) { Object.assign(this, init) }
}

export class RTCPeerConnection {
  constructor (config) {
    this.id = ++counter
    this.config = config
    this.localDescription = null
    this.remoteDescription = null
    this.signalingState = 'stable'
    this.iceConnectionState = 'new'
    this.iceGatheringState = 'new'
    this.connectionState = 'new'
  }

  createDataChannel (label) {
    return { label, readyState: 'connecting', bufferedAmount: 0, send () {}, close () {} }
  }

  async createOffer () { return { type: 'offer', sdp: this._sdp('offer') } }
  async createAnswer () { return { type: 'answer', sdp: this._sdp('answer') } }

  async setLocalDescription (desc) {
    this.localDescription = new RTCSessionDescription(desc)
    setTimeout(() => {
      this.iceGatheringState = 'complete'
      this.onicegatheringstatechange?.()
      this.onicecandidate?.({ candidate: null })
    }, 0)
  }

  async setRemoteDescription (desc) {
    this.remoteDescription = new RTCSessionDescription(desc)
    descriptionsSet.push({ type: desc.type, sdp: desc.sdp })
  }

  async addIceCandidate () {}
  async getStats () { return new Map() }
  close () { this.connectionState = 'closed' }

  _sdp (type) {
    return `v=0\r\no=- ${process.pid}${this.id} 2 IN IP4 127.0.0.1\r\ns=stub-${type}-${this.id}\r\nt=0 0\r\n` +
      'a=group:BUNDLE 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n' +
      `a=ice-ufrag:stub${this.id}\r\na=ice-pwd:stubpasswordstubpassword${this.id}\r\na=mid:0\r\na=sctp-port:5000\r\n`
  }
}

export default { RTCPeerConnection, RTCSessionDescription, RTCIceCandidate }
