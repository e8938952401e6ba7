"""The words for where a computation ran: core.sweep and core.backends give facts (a backend's kind, device,
threads; why a kernel cannot run), and pages say them in the reader's language from here."""

from __future__ import annotations

from core import sweep
from i18n import N_, _, ngettext

# Why the Triton kernels cannot run here, or run slowly (core.sweep.triton_status).
TRITON_REASONS = {
    sweep.NO_TRITON: N_("the triton package is not installed"),
    sweep.NO_GPU: N_("no CUDA GPU on this machine"),
    sweep.INTERPRETER: N_("Triton's interpreter on the CPU (TRITON_INTERPRET=1: for tests, very slow)"),
}


def backend_label(info: sweep.BackendInfo) -> str:
    """What a sweep ran on, in the reader's language ("vectorised torch on CPU (1 thread)")."""
    if info.kind == "triton":
        if info.device is not None:
            return _("Triton kernel on {device}").format(device=info.device)
        return _("Triton kernel (interpreter, CPU)")
    return ngettext("vectorised torch on CPU ({count} thread)", "vectorised torch on CPU ({count} threads)",
                    info.threads).format(count=info.threads)


def triton_reason(code: str) -> str:
    """Why the kernels cannot run here (or run slowly), in the reader's language; a device's name as it is."""
    return _(TRITON_REASONS[code]) if code in TRITON_REASONS else code
