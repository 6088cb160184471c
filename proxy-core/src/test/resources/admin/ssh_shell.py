#!/usr/bin/env python3
"""Drives the real OpenSSH client under a pseudo-terminal, as a person would type.

usage: ssh_shell.py PORT USER PASSWORD NEW_PASSWORD|- COMMAND...

Answers the password prompt, performs the forced password change when NEW_PASSWORD is not '-', runs each COMMAND
at the shell prompt, then 'exit'. Prints the whole transcript; exits 1 when an expected prompt does not come.
"""
import os
import pty
import select
import sys
import time

port, user, password, new_password = sys.argv[1:5]
commands = sys.argv[5:]

pid, fd = pty.fork()
if pid == 0:
    os.execvp("ssh", ["ssh", "-tt", "-p", port,
                      "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                      "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
                      "-o", "LogLevel=ERROR", user + "@127.0.0.1"])

transcript = b""
position = 0


def fail(message):
    sys.stdout.write(transcript.decode("utf-8", "replace"))
    sys.stderr.write("\nssh_shell.py: " + message + "\n")
    sys.exit(1)


def expect(text, timeout=90):
    global transcript, position
    wanted = text.encode()
    deadline = time.time() + timeout
    while True:
        found = transcript.find(wanted, position)
        if found >= 0:
            position = found + len(wanted)
            return
        remaining = deadline - time.time()
        if remaining <= 0:
            fail("timed out waiting for %r" % text)
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            if not data:
                fail("ssh ended while waiting for %r" % text)
            transcript += data


def send(line):
    # one keystroke at a time, as typed
    for ch in line:
        os.write(fd, ch.encode())
    os.write(fd, b"\r")


expect("password:")
send(password)
if new_password != "-":
    expect("Current password: ")
    send(password)
    expect("New password")
    send(new_password)
    expect("Repeat the new password: ")
    send(new_password)
    expect("Password changed.")
prompt = "> "
for command in commands:
    expect(prompt)
    send(command)
expect(prompt)
send("exit")
try:
    while True:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            break
        data = os.read(fd, 4096)
        if not data:
            break
        transcript += data
except OSError:
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(transcript.decode("utf-8", "replace"))
sys.exit(0 if os.WEXITSTATUS(status) == 0 else 1)
