# A stand-in for a broker node, run inside a lab namespace by NodeListener.
# argv: address port lifetime_seconds. On (address, port) it serves
#   TCP: reads until the client shuts down its side, then answers the byte count and closes;
#   UDP: prints "udp SOURCE PAYLOAD" for each datagram.
# Prints "ready" once bound; exits by itself after lifetime_seconds.
import select
import socket
import sys
import time

address, port, lifetime = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tcp.bind((address, port))
tcp.listen(16)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind((address, port))
print("ready", flush=True)

received = {}
deadline = time.monotonic() + lifetime
while time.monotonic() < deadline:
    readable, _, _ = select.select([tcp, udp] + list(received), [], [], 0.1)
    for s in readable:
        if s is tcp:
            connection, _ = tcp.accept()
            received[connection] = 0
        elif s is udp:
            payload, source = udp.recvfrom(2048)
            print("udp", source[0], payload.decode("ascii", "replace"), flush=True)
        else:
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            if data:
                received[s] += len(data)
            else:
                try:
                    s.sendall(str(received[s]).encode("ascii"))
                except OSError:
                    pass
                s.close()
                del received[s]
