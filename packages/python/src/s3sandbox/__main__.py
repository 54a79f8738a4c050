"""`python -m s3sandbox ARGS...` (and the `s3sandbox` console script): the server's own CLI."""
import os
import sys

from ._binary import find_binary


def main():
    binary = find_binary()
    # exec, not a child process: signals (Ctrl-C, SIGTERM from a supervisor), the exit code and
    # stdout's ready line are the server's own.
    os.execv(binary, [binary, *sys.argv[1:]])


if __name__ == "__main__":
    main()
