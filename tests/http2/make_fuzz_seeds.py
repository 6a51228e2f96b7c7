#!/usr/bin/env python3
"""Writes the seed corpus of tests/fuzz/fuzz_http2.cpp into the directory given (usually
tests/fuzz/corpus/http2): hand-written client byte streams (RFC 9113 frames, RFC 7541 static
table HPACK), and captures of curl and nghttp (h2c prior knowledge) talking to a socket that
only answers an empty SETTINGS and records what it receives."""

import socket, subprocess, struct, sys, time
out = sys.argv[1]

def capture(name, cmd_fn):
    ls = socket.socket(); ls.bind(("127.0.0.1", 0)); ls.listen(1)
    port = ls.getsockname()[1]
    p = subprocess.Popen(cmd_fn(port), shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    c, _ = ls.accept(); c.settimeout(0.5)
    data = b""
    # Answer with an empty SETTINGS so clients that wait for it send their requests.
    c.sendall(frame(4, 0, 0, b""))
    end = time.time() + 1.5
    while time.time() < end:
        try:
            d = c.recv(65536)
            if not d: break
            data += d
        except socket.timeout:
            pass
    c.close(); ls.close(); p.kill(); p.wait()
    open(f"{out}/{name}", "wb").write(data)
    print(name, len(data))

def frame(t, flags, sid, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([t, flags]) + struct.pack(">I", sid) + payload

magic = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
pre = magic + frame(4, 0, 0, b"")
def lit(idx, value):  # literal without indexing, indexed name (RFC 7541 §6.2.2, §5.1)
    prefix = bytes([idx]) if idx < 15 else bytes([15, idx - 15])
    return prefix + bytes([len(value)]) + value
def litnew(name, value):
    return b"\x00" + bytes([len(name)]) + name + bytes([len(value)]) + value
get = b"\x82\x86\x84" + lit(1, b"127.0.0.1")
post = b"\x83\x86" + lit(4, b"/nnrf-nfm/v1/nf-instances") + lit(1, b"127.0.0.1") + lit(31, b"application/json") + lit(28, b"32")
hand = {
  "hand-get": pre + frame(1, 5, 1, get),
  "hand-post-two-data": pre + frame(1, 4, 1, post) + frame(0, 0, 1, b'{"nfType":"AMF",') + frame(0, 1, 1, b'"nfStatus":"UP"}'),
  "hand-continuation": pre + frame(1, 1, 3, get[:2]) + frame(9, 4, 3, get[2:]),
  "hand-control-frames": pre + frame(6, 0, 0, b"12345678") + frame(8, 0, 0, struct.pack(">I", 65535))
      + frame(2, 0, 1, b"\x00\x00\x00\x00\x10") + frame(1, 5, 1, get) + frame(3, 0, 1, struct.pack(">I", 8))
      + frame(1, 5, 3, get) + frame(7, 0, 0, struct.pack(">II", 0, 0)),
  "hand-big-header": pre + frame(1, 5, 1, get + litnew(b"x-big", b"v" * 120) * 10),
  "hand-body-over-limit": pre + frame(1, 4, 1, b"\x83\x86\x84" + lit(1, b"h") + lit(28, b"3000")) + frame(0, 1, 1, b"a" * 3000),
  "hand-async-and-sync": pre + frame(1, 5, 1, b"\x82\x86" + lit(4, b"/ab") + lit(1, b"h")) + frame(1, 5, 3, b"\x82\x86" + lit(4, b"/abc") + lit(1, b"h")),
}
for k, v in hand.items():
    open(f"{out}/{k}", "wb").write(v); print(k, len(v))
capture("curl-get", lambda p: f"curl --http2-prior-knowledge -s --max-time 1 http://127.0.0.1:{p}/nnrf-disc/v1/nf-instances?target-nf-type=AUSF")
capture("curl-post-json", lambda p: f"curl --http2-prior-knowledge -s --max-time 1 -H 'content-type: application/json' -d '{{\"supiOrSuci\":\"suci-0-001-01-0000-0-0-0000000001\"}}' http://127.0.0.1:{p}/nausf-auth/v1/ue-authentications")
capture("nghttp-three-streams", lambda p: f"nghttp -t 1 -m 3 http://127.0.0.1:{p}/a")
