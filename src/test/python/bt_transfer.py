#!/usr/bin/python3
"""A real BitTorrent transfer between two libtorrent sessions that find each other only through a tracker.

Run it with Debian's /usr/bin/python3 (python3-libtorrent is built for it). It writes a file of random bytes under
--workdir, makes a torrent of it that lists ONLY the given tracker URL (hybrid v1+v2 by default, libtorrent 2's
default; v1-only with --v1-only), starts a seeding session and, once the seeder's announces were answered, a
downloading session that has only the torrent. Both listen on 127.0.0.1 (ports the system picks) with DHT, local
peer discovery, UPnP and NAT-PMP off, so the tracker is the only way the two can meet.

--leech-tracker gives the downloader a torrent with another tracker URL (the same info dictionary, so the same info
hashes): the seeder announces to one tracker node, the downloader to another.

--seed-only starts only the seeder, prints one JSON line {"ready": ...} with the torrent's path once the seeder's
announces were answered, and seeds until its standard input closes (or --timeout), for another client (aria2c) to
download from; then prints the JSON summary.

--corrupt-seed flips one byte of the seeder's copy after the torrent was made and seeds it without checking (seed
mode): the downloader must see hash failures and never complete, which proves the verification can fail.

The last line of output is a JSON summary: whether the download completed and its bytes equal the source, the time
it took, and per session and per info hash (v1 = SHA-1, v2 = truncated SHA-256) the tracker replies and errors that
libtorrent's tracker_reply / tracker_error alerts reported. Exit status 0 only when the download completed, the bytes
are equal, and every announce of every session got a reply and no error.
"""
import argparse
import hashlib
import json
import os
import select
import sys
import time

import libtorrent as lt


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--tracker', required=True, help="the seeder's tracker URL (and the downloader's by default)")
    p.add_argument('--leech-tracker', help="the downloader's tracker URL")
    p.add_argument('--workdir', required=True, help='a fresh directory for the file, the torrents and the download')
    p.add_argument('--size', type=int, default=4 * 1024 * 1024, help='bytes in the generated file')
    p.add_argument('--v1-only', action='store_true', help='a v1-only torrent instead of a hybrid v1+v2 one')
    p.add_argument('--timeout', type=float, default=90, help='seconds before giving up')
    p.add_argument('--seed-only', action='store_true', help='seed until stdin closes; no downloader')
    p.add_argument('--corrupt-seed', action='store_true', help="corrupt the seeder's copy (the download must fail)")
    return p.parse_args()


def session(name):
    return lt.session({
        'listen_interfaces': '127.0.0.1:0',
        'outgoing_interfaces': '127.0.0.1',
        'enable_dht': False,
        'enable_lsd': False,
        'enable_upnp': False,
        'enable_natpmp': False,
        'allow_multiple_connections_per_ip': True,
        # libtorrent re-announces no sooner than 5 min by default, whatever the tracker's interval says; the ITs'
        # server asks for 2 s and forgets peers after 4 s, so honour the tracker's interval.
        'min_announce_interval': 1,
        # Generous on a loaded machine (libtorrent gives up on a tracker reply after 10 s by default).
        'tracker_receive_timeout': 30,
        'tracker_completion_timeout': 60,
        'user_agent': 'rendezvous-it/' + name + ' libtorrent/' + lt.__version__,
        'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.status_notification
        | lt.alert.category_t.tracker_notification | lt.alert.category_t.storage_notification,
    })


def make_torrent(args):
    source_dir = os.path.join(args.workdir, 'seed')
    os.makedirs(source_dir)
    source = os.path.join(source_dir, 'payload.bin')
    with open(source, 'wb') as f:
        f.write(os.urandom(args.size))
    fs = lt.file_storage()
    lt.add_files(fs, source)
    ct = lt.create_torrent(fs, 0, lt.create_torrent.v1_only if args.v1_only else 0)
    ct.add_tracker(args.tracker)
    ct.set_creator('rendezvous bt_transfer.py')
    lt.set_piece_hashes(ct, source_dir)
    entry = ct.generate()
    paths = {}
    for role, url in (('seeder', args.tracker), ('downloader', args.leech_tracker or args.tracker)):
        entry[b'announce'] = url.encode()  # outside the info dictionary: the info hashes stay the same
        entry.pop(b'announce-list', None)
        paths[role] = os.path.join(args.workdir, role + '.torrent')
        with open(paths[role], 'wb') as f:
            f.write(lt.bencode(entry))
    return source_dir, source, paths


class Peer:
    """One session with one torrent, and what its tracker said per info-hash version."""

    def __init__(self, name, torrent_path, save_path, seed_mode=False):
        self.name = name
        self.ses = session(name)
        self.info = lt.torrent_info(torrent_path)
        params = lt.add_torrent_params()
        params.ti = self.info
        params.save_path = save_path
        if seed_mode:
            params.flags |= lt.torrent_flags.seed_mode
        self.handle = self.ses.add_torrent(params)
        self.versions = ['v1', 'v2'] if self.info.info_hashes().has_v2() else ['v1']
        self.replies = {v: 0 for v in self.versions}
        self.peers = {v: 0 for v in self.versions}
        self.errors = {v: [] for v in self.versions}
        self.hash_failures = 0
        self.stops_sent = 0
        self.finished = False
        self.tracker = next((t.url for t in self.info.trackers()), None)

    def poll(self):
        for a in self.ses.pop_alerts():
            if isinstance(a, lt.tracker_reply_alert):
                v = version(a)
                self.replies[v] += 1
                self.peers[v] = max(self.peers[v], a.num_peers)
            elif isinstance(a, lt.tracker_error_alert):
                self.errors[version(a)].append(a.message())
            elif isinstance(a, lt.tracker_announce_alert) and a.event == lt.event_t.stopped:
                self.stops_sent += 1
            elif isinstance(a, lt.hash_failed_alert):
                self.hash_failures += 1
            elif isinstance(a, lt.torrent_finished_alert):
                self.finished = True

    def answered(self):
        return all(self.replies[v] > 0 for v in self.versions)

    def summary(self):
        return {'tracker': self.tracker, 'listen_port': self.ses.listen_port(), 'replies': self.replies,
                'peers_from_tracker': self.peers, 'errors': self.errors, 'hash_failures': self.hash_failures,
                'stops_sent': self.stops_sent, 'progress': round(self.handle.status().progress, 4)}

    def stop(self):
        """Pauses the session, which announces `stopped` for each info hash; waits (10 s at most) until it has."""
        self.ses.pause()
        deadline = time.monotonic() + 10
        while self.stops_sent < len(self.versions) and time.monotonic() < deadline:
            self.poll()
            time.sleep(0.05)
        time.sleep(0.3)  # the last stop's reply, if any, before the session and its sockets go
        self.poll()

    def close(self):
        del self.handle
        del self.ses


def version(alert):
    return 'v2' if alert.version == lt.protocol_version.V2 else 'v1'


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def wait(peers, done, deadline):
    while not done() and time.monotonic() < deadline:
        for p in peers:
            p.poll()
        time.sleep(0.05)
    for p in peers:
        p.poll()
    return done()


def stdin_closed():
    readable, _, _ = select.select([sys.stdin], [], [], 0)
    return bool(readable) and sys.stdin.buffer.read1(4096) == b''


def main():
    args = parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    deadline = time.monotonic() + args.timeout
    source_dir, source, torrents = make_torrent(args)
    if args.corrupt_seed:
        with open(source, 'r+b') as f:
            f.seek(args.size // 2)
            byte = f.read(1)
            f.seek(args.size // 2)
            f.write(bytes([byte[0] ^ 0xFF]))
    ih = lt.torrent_info(torrents['seeder']).info_hashes()
    result = {'size': args.size, 'hybrid': ih.has_v2(),
              'info_hashes': {'v1': str(ih.v1), **({'v2': str(ih.v2)[:40]} if ih.has_v2() else {})},
              'files': {'source': source, 'torrent': torrents['seeder'], 'downloader_torrent': torrents['downloader']}}
    seeder = Peer('seeder', torrents['seeder'], source_dir, seed_mode=args.corrupt_seed)
    downloader = None
    try:
        if not wait([seeder], seeder.answered, deadline):
            result['failure'] = "the seeder's announces were not all answered"
        elif args.seed_only:
            print(json.dumps({'ready': True, 'torrent': torrents['seeder'], 'source': source,
                              'seeder_port': seeder.ses.listen_port(), 'info_hashes': result['info_hashes']}),
                  flush=True)
            wait([seeder], stdin_closed, deadline)
        else:
            download_dir = os.path.join(args.workdir, 'download')
            os.makedirs(download_dir)
            started = time.monotonic()
            downloader = Peer('downloader', torrents['downloader'], download_dir)
            done = wait([seeder, downloader], lambda: downloader.finished and downloader.answered(), deadline)
            result['seconds'] = round(time.monotonic() - started, 3)
            result['completed'] = downloader.finished
            result['files']['downloaded'] = os.path.join(download_dir, 'payload.bin')
            if not done:
                result['failure'] = 'the download did not complete within %s s' % args.timeout
    finally:
        for peer in [seeder] + ([downloader] if downloader is not None else []):
            peer.stop()
            result[peer.name] = peer.summary()
            peer.close()
    if 'downloaded' in result['files'] and result['completed']:
        result['verified'] = sha256(result['files']['downloaded']) == sha256(source)
        if not result['verified']:
            result['failure'] = 'the downloaded bytes differ from the source'
    sessions = [result['seeder']] + ([result['downloader']] if 'downloader' in result else [])
    for s in sessions:
        for v, errors in s['errors'].items():
            if errors and 'failure' not in result:
                result['failure'] = 'tracker errors (%s): %s' % (v, errors)
    result['ok'] = 'failure' not in result
    print(json.dumps(result), flush=True)
    return 0 if result['ok'] else 1


if __name__ == '__main__':
    sys.exit(main())
