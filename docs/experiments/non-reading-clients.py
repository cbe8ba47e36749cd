"""Clients that stop reading: each opens a tracker WebSocket, then announces as fast as it can and never reads.

Usage: python3 non-reading-clients.py PORT CLIENTS SECONDS
Used for the direct-write experiment in docs/benchmarks-findings.md; watch the server's threads with jstack.
"""
import json
import os
import socket
import struct
import sys
import threading
import time


def masked_text_frame(text):
    payload = text.encode()
    length = bytes([0x80 | len(payload)]) if len(payload) < 126 else bytes([0x80 | 126]) + struct.pack('!H', len(payload))
    return bytes([0x81]) + length + b'\0\0\0\0' + payload  # a zero mask leaves the payload as it is


def connect(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # fills after a few dozen responses
    s.connect(('127.0.0.1', port))
    s.sendall(b"GET /announce HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
    response = b''
    while b'\r\n\r\n' not in response:  # the 101 response's headers; nothing is read after them
        response += s.recv(1)
    announce = json.dumps({"action": "announce", "info_hash": os.urandom(20).decode('latin1'),
                           "peer_id": os.urandom(20).decode('latin1'), "numwant": 0, "event": "started",
                           "uploaded": 0, "downloaded": 0, "left": 0})
    return s, masked_text_frame(announce)


def flood(s, frame):
    try:
        while True:
            s.sendall(frame)
    except OSError as e:
        print("closed by the server:", e, flush=True)


port, clients, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
for s, frame in [connect(port) for _ in range(clients)]:
    threading.Thread(target=flood, args=(s, frame), daemon=True).start()
time.sleep(seconds)
