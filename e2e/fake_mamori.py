#!/usr/bin/env python3
"""A crude stand-in for Mamori's POP3 proxy, ONLY to check the e2e harness itself while the real proxy is not built.

Selected with MAMORI_E2E_FAKE=1; results obtained with it say nothing about Mamori. It listens on the same ports as
the e2e Mamori config (mamori_harness.py), parses user#host:port / AUTH PLAIN, applies the same allow-list, does
STLS/implicit TLS on both sides, then relays bytes. No scanning, no RETR interception.

usage: fake_mamori.py CA_FILE CERT_FILE KEY_FILE LOG_FILE
"""
import asyncio
import base64
import ssl
import sys

import mamori_harness as mh

H = "127.0.0.1"
CAPA = b"+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nUSER\r\nSTLS\r\nSASL PLAIN\r\n"


class Fake:
    def __init__(self, ca, cert, key, log):
        self.up_ctx = ssl.create_default_context(cafile=ca)
        self.srv_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.srv_ctx.load_cert_chain(cert, key)
        self.log = open(log, "a", buffering=1)

    def policy(self, host, port):
        if host not in ("127.0.0.1", "localhost"):
            return "-ERR [AUTH] upstream host not allowed"
        if not (11000 <= port <= 11090):
            return "-ERR [AUTH] upstream port not allowed"
        return None

    async def upstream(self, host, port, tls):
        if port == 11012:
            r, w = await asyncio.open_connection(host, port, ssl=self.up_ctx, server_hostname=host)
            return r, w, await r.readline()
        r, w = await asyncio.open_connection(host, port)
        greeting = await r.readline()
        w.write(b"CAPA\r\n")
        caps = []
        line = await r.readline()
        if line.startswith(b"+OK"):
            while (line := await r.readline()) != b".\r\n":
                caps.append(line.strip().upper())
        if b"STLS" in caps and tls != "none":
            w.write(b"STLS\r\n")
            await r.readline()
            await w.start_tls(self.up_ctx, server_hostname=host)
        elif tls == "required":
            w.close()
            raise PermissionError("-ERR [SYS/PERM] upstream offers no STLS but TLS is required")
        return r, w, greeting

    async def relay(self, r, w):
        try:
            while data := await r.read(1 << 16):
                w.write(data)
                await w.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            try:
                w.close()
            except Exception:
                pass

    async def splice(self, cr, cw, ur, uw):
        await asyncio.gather(self.relay(cr, uw), self.relay(ur, cw))

    async def generic(self, cr, cw):
        self.log.write("generic connection\n")
        cw.write(b"+OK fake-mamori ready\r\n")
        user = None
        while line := await cr.readline():
            cmd = line.strip().split(b" ", 1)
            verb, arg = cmd[0].upper(), (cmd[1] if len(cmd) > 1 else b"")
            if verb == b"CAPA":
                cw.write(CAPA + b".\r\n")
            elif verb == b"STLS":
                cw.write(b"+OK begin TLS\r\n")
                await cw.drain()
                await cw.start_tls(self.srv_ctx)
            elif verb == b"QUIT":
                cw.write(b"+OK bye\r\n")
                break
            elif verb == b"USER":
                user = arg.decode()
                cw.write(b"+OK send PASS\r\n")
            elif verb in (b"PASS", b"AUTH"):
                if verb == b"AUTH":
                    parts = arg.split()
                    if len(parts) < 2:  # no initial response (mpop): RFC 5034 continuation
                        cw.write(b"+ \r\n")
                        await cw.drain()
                        parts.append((await cr.readline()).strip())
                    arg = parts[1]
                    _, authcid, pw = base64.b64decode(arg).split(b"\0")
                    user = authcid.decode()
                if not user or "#" not in user:
                    cw.write(b"-ERR [AUTH] use user#host:port\r\n")
                    continue
                name, _, target = user.partition("#")
                host, _, port = target.rpartition(":")
                port = int(port)
                refusal = self.policy(host, port)
                if refusal:
                    self.log.write(f"refused {host}:{port}\n")
                    cw.write(refusal.encode() + b"\r\n")
                    continue
                try:
                    ur, uw, _ = await self.upstream(host, port, "required" if port == 11014 else "opportunistic")
                except PermissionError as e:
                    cw.write(str(e).encode() + b"\r\n")
                    continue
                except OSError:
                    cw.write(b"-ERR [SYS/TEMP] upstream unreachable\r\n")
                    continue
                if verb == b"PASS":
                    uw.write(b"USER " + name.encode() + b"\r\n")
                    await ur.readline()
                    uw.write(b"PASS " + arg + b"\r\n")
                else:
                    uw.write(b"AUTH PLAIN " + base64.b64encode(b"\0" + name.encode() + b"\0" + pw) + b"\r\n")
                answer = await ur.readline()
                cw.write(answer)
                if not answer.startswith(b"+OK"):
                    uw.close()
                    continue
                await cw.drain()
                await self.splice(cr, cw, ur, uw)
                return
            else:
                cw.write(b"-ERR unknown command\r\n")
            await cw.drain()
        cw.close()

    def dedicated(self, port, tls):
        async def handle(cr, cw):
            try:
                ur, uw, greeting = await self.upstream(H, port, tls)
            except PermissionError as e:
                cw.write(str(e).encode() + b"\r\n")
                cw.close()
                return
            cw.write(greeting)
            while line := await cr.readline():
                verb = line.split(b" ", 1)[0].strip().upper()
                if verb == b"CAPA":
                    cw.write(CAPA + b".\r\n")
                elif verb == b"STLS":
                    cw.write(b"+OK begin TLS\r\n")
                    await cw.drain()
                    await cw.start_tls(self.srv_ctx)
                else:
                    uw.write(line)
                    answer = await ur.readline()
                    cw.write(answer)
                    if verb in (b"PASS", b"APOP") and answer.startswith(b"+OK"):
                        await cw.drain()
                        await self.splice(cr, cw, ur, uw)
                        return
                await cw.drain()
            cw.close()
        return handle

    async def main(self):
        servers = [
            await asyncio.start_server(self.generic, H, mh.GENERIC),
            await asyncio.start_server(self.generic, H, mh.GENERIC_TLS, ssl=self.srv_ctx),
            await asyncio.start_server(self.dedicated(11010, "required"), H, mh.DEDICATED),
            await asyncio.start_server(self.dedicated(11012, "implicit"), H, mh.DEDICATED_TLS),
            await asyncio.start_server(self.dedicated(11014, "required"), H, mh.DEDICATED_NO_STLS),
            await asyncio.start_server(self.dedicated(11010, "none"), H, mh.DEDICATED_PLAIN),
            await asyncio.start_server(self.dedicated(mh.WAN_RELAY_PORT, "none"), H, mh.DEDICATED_WAN),
        ]
        await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    asyncio.run(Fake(*sys.argv[1:5]).main())
