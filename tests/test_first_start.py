"""`learnloop serve` as a new operator meets it: what it says on an empty database, one clear
line for a bad port, and a start-up log that says each thing once."""

import os
import signal
import socket
import subprocess
import time

import requests

from tests.test_command_line import LEARNLOOP, free_port, interruptible


def fresh_environment(tmp_path, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return {**env, **more}


def serve(tmp_path, port: int) -> subprocess.Popen:
    return subprocess.Popen([LEARNLOOP, "serve"], cwd=tmp_path,
                            env=fresh_environment(tmp_path, PORT=str(port)),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            preexec_fn=interruptible)


def answering(port: int) -> bool:
    for _ in range(150):
        try:
            return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok
        except requests.ConnectionError:
            time.sleep(0.2)
    return False


def stopped(server: subprocess.Popen) -> str:
    server.send_signal(signal.SIGINT)
    output, _ = server.communicate(timeout=60)
    return output


def test_a_first_start_says_how_to_add_the_first_account_and_logs_each_thing_once(tmp_path):
    port = free_port()
    server = serve(tmp_path, port)
    try:
        assert answering(port)
        time.sleep(3)  # long enough for the clock to add its jobs and run the outbox once
        sign_in = requests.get(f"http://127.0.0.1:{port}/sign-in", timeout=5).text
        assert "learnloop users add EMAIL --role admin" in sign_in
    finally:
        output = stopped(server)
    assert "No dashboard account exists yet" in output
    assert "learnloop users add EMAIL --role admin" in output
    assert output.count("listening on") == 1 and "Serving on" not in output
    assert "Adding job tentatively" not in output and "Running job" not in output
    assert "Traceback" not in output


def test_a_port_that_is_not_a_number_is_one_clear_line(tmp_path):
    result = subprocess.run([LEARNLOOP, "serve"], cwd=tmp_path, capture_output=True, text=True,
                            env=fresh_environment(tmp_path, PORT="abc"), timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == ("learnloop: cannot start: PORT must be a number from 1 to "
                                     "65535, not 'abc'")
    assert not (tmp_path / "instance").exists()  # refused before anything was made


def test_a_port_already_in_use_is_one_clear_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([LEARNLOOP, "serve"], cwd=tmp_path, capture_output=True,
                                text=True, env=fresh_environment(tmp_path, PORT=str(port)),
                                timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    [line] = [text for text in result.stderr.splitlines() if "learnloop:" in text]
    assert line == (f"learnloop: cannot start: cannot listen on 127.0.0.1:{port}: another "
                    "program is already using it: stop that program, or choose another port "
                    "with --port or PORT")
