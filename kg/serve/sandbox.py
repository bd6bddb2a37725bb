"""The query workers' two walls: no network socket at all, and a ceiling on memory.

Refusing ``SERVICE`` in the query (``kg.serve.check``) is the first guard; this is the second,
independent of any reading of the query. Oxigraph's HTTP client is Rust code, so patching
Python's ``socket`` module would not stop it. A seccomp filter stops it in the kernel: after
``forbid_network`` the process (every thread, Rust's included) gets ``EPERM`` from any
``socket()`` call other than a local ``AF_UNIX`` one (the worker's pipe to the server is a
socket pair made before), and from ``io_uring_setup`` (io_uring can connect without
``connect``). It needs no privilege, only Linux 3.17 or later on x86-64 or AArch64; elsewhere
it raises ``SandboxUnavailable`` and the worker does not start (fail closed).

``limit_memory`` sets ``RLIMIT_AS`` so a query that keeps allocating fails its allocation in
the worker, never costing the machine; the server also watches each worker's resident memory
(``resident_bytes``) and ends one that passes the limit, with a clear answer.
"""

from __future__ import annotations

import ctypes
import os
import platform
import resource
import struct
import sys

__all__ = ["SandboxUnavailable", "address_space", "forbid_network", "limit_memory", "resident_bytes"]

_AF_UNIX = 1
_EPERM = 1
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000 | _EPERM
_X32_BIT = 0x40000000
#: machine -> (audit arch, __NR_socket, __NR_io_uring_setup, __NR_seccomp)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425, 317),
    "aarch64": (0xC00000B7, 198, 425, 277),
}
# classic BPF opcodes
_LD_ABS_W = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06


class SandboxUnavailable(RuntimeError):
    """This platform cannot forbid a process's network sockets; the endpoint will not run queries."""


def _program(arch: int, nr_socket: int, nr_io_uring: int) -> list[tuple[int, int, int, int]]:
    """The filter, as (code, jump if true, jump if false, k); seccomp_data: nr @0, arch @4, args[0] @16."""
    return [
        (_LD_ABS_W, 0, 0, 4),
        (_JEQ_K, 1, 0, arch),  # another ABI (i386 through int 0x80): refuse everything
        (_RET_K, 0, 0, _RET_ERRNO),
        (_LD_ABS_W, 0, 0, 0),
        (_JGE_K, 5, 0, _X32_BIT),  # x32 system calls share the arch value: refuse
        (_JEQ_K, 4, 0, nr_io_uring),
        (_JEQ_K, 0, 2, nr_socket),
        (_LD_ABS_W, 0, 0, 16),  # socket(domain, ...): the low 32 bits of domain
        (_JEQ_K, 0, 1, _AF_UNIX),
        (_RET_K, 0, 0, _RET_ALLOW),
        (_RET_K, 0, 0, _RET_ERRNO),
    ]


def forbid_network() -> None:
    """From now on this process can open no socket but ``AF_UNIX``; every thread, now and later."""
    machine = platform.machine().lower()
    if not sys.platform.startswith("linux") or machine not in _ARCHES:
        raise SandboxUnavailable(
            f"kg serve forbids its query workers any network access with a Linux seccomp filter; "
            f"{sys.platform}/{machine} has none, so no query worker was started"
        )
    arch, nr_socket, nr_io_uring, nr_seccomp = _ARCHES[machine]
    program = _program(arch, nr_socket, nr_io_uring)
    code = b"".join(struct.pack("HBBI", *instruction) for instruction in program)
    buffer = ctypes.create_string_buffer(code, len(code))
    fprog = struct.pack("HP", len(program), ctypes.addressof(buffer))
    fprog_buffer = ctypes.create_string_buffer(fprog, len(fprog))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxUnavailable(f"prctl(NO_NEW_PRIVS) failed: {os.strerror(ctypes.get_errno())}")
    done = libc.syscall(nr_seccomp, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC, fprog_buffer)
    if done != 0:
        raise SandboxUnavailable(f"installing the seccomp filter failed: {os.strerror(ctypes.get_errno())}")


def limit_memory(limit: int) -> None:
    """Cap this process's address space at ``limit`` bytes (allocations past it fail)."""
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def address_space() -> int:
    """This process's virtual size now, in bytes."""
    return _statm("self", 0)


def resident_bytes(pid: int) -> int:
    """Resident memory of process ``pid``; 0 when it is gone."""
    return _statm(str(pid), 1)


def _statm(pid: str, field: int) -> int:
    """One field of Linux ``/proc/PID/statm`` (pages) in bytes; 0 when unreadable."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[field]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0
