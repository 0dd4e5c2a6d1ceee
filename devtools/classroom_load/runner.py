"""Przebieg pomiaru: stos, start uczniów naraz, restart huba, zabity kontener — w tej kolejności."""

from __future__ import annotations

from devtools.classroom_load.config import LoadOptions
from devtools.classroom_load.docker import containers_memory, image_bytes
from devtools.classroom_load.faults import kill_container, prepare_kernels, restart_hub
from devtools.classroom_load.machine import MachineFacts, Sampler
from devtools.classroom_load.results import LoadReport, SurvivorCheck, describe
from devtools.classroom_load.stack import Stack, classroom
from devtools.classroom_load.starts import start_all_at_once
from devtools.hubclient import ClassroomError, Hub
from devtools.local_stack import LEARNER_IMAGE


def run(options: LoadOptions) -> LoadReport:
    report = LoadReport(
        learners=options.learners,
        mode=f"podłączony hub {options.url}" if options.attached else f"własny ({options.project})",
        mem_limit=options.mem_limit,
        cpu_limit=options.cpu_limit,
        learner_image=LEARNER_IMAGE,
        learner_image_bytes=image_bytes(LEARNER_IMAGE),
        facts_before=MachineFacts.collect(options.prefix),
        hub_options=list(options.hub_options),
    )
    try:
        with classroom(options, report) as (stack, hub):
            _measure(options, report, stack, hub)
    except Exception as error:
        report.aborted = describe(error)
    report.facts_after = MachineFacts.collect(options.prefix)
    return report


def _measure(options: LoadOptions, report: LoadReport, stack: Stack, hub: Hub) -> None:
    learners = [hub.create_learner(name, note="load") for name in options.learner_names()]
    print(f"start {len(learners)} serwerów naraz…", flush=True)
    with Sampler(f"{options.project}-hub-1") as sampler:
        report.starts = start_all_at_once(learners, options.start_timeout_s)
    report.during_starts = sampler.result()
    report.facts_after_starts = MachineFacts.collect(options.prefix)
    summary = report.start_summary
    print(f"starty: p50 {summary.p50} s, p95 {summary.p95} s, porażki {summary.failures}")
    running = [learner for learner, start in zip(learners, report.starts, strict=True) if start.ok]
    if not running:
        raise ClassroomError("żaden serwer nie wystartował — nie ma czego restartować")
    checks = {learner.name: SurvivorCheck(learner.name) for learner in running}
    marks = prepare_kernels(stack, running, checks)
    report.learner_memory_bytes = containers_memory([stack.container(n.name) for n in running])
    print("restart huba…", flush=True)
    report.hub_restart = restart_hub(stack, hub, running, checks, marks)
    print(f"restart huba: {'OK' if report.hub_restart.ok else 'PORAŻKA'}", flush=True)
    print("zabity kontener ucznia…", flush=True)
    report.container_kill = kill_container(stack, hub, running[0], options)
    print(f"zabity kontener: {'OK' if report.container_kill.ok else 'PORAŻKA'}", flush=True)
