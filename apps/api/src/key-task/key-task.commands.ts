import { Inject, NotFoundException } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, EVENT_STORE, REFERENCE_DATA } from '#bootstrap';
import { handleCommand } from '#command-handling';
import { keyTaskDecider, keyTaskEventOccurredAt, taskStreamId, type KeyTaskCommand, type KeyTaskReference } from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { KeyTask, ReferenceData } from '#reference-data';
import type { CommandContext } from '../conventions/command-context.js';
import type { CompleteTaskItemDto, ReportTaskProgressDto } from './key-task.dto.js';

/**
 * The annex task numbered `taskNo` as written in a URL ('3'), or a 404.
 * @throws NotFoundException (404 `key_task_not_found`) for anything but the number of a task of the reference data
 */
export function keyTaskOf(reference: ReferenceData, taskNo: string): KeyTask {
  const task = /^[1-9]\d{0,2}$/.test(taskNo) ? reference.keyTasks.find((t) => t.taskNo === Number(taskNo)) : undefined;
  if (!task) throw new NotFoundException({ error: 'key_task_not_found', message: `no key task ${taskNo.slice(0, 20)}` });
  return task;
}

/** One key-task command at the app edge: which, for which task (and item, for a completion), and its body. */
export class RunKeyTaskCommand extends Command<AppendResult> {
  constructor(
    readonly kind: 'report' | 'complete',
    readonly taskNo: string,
    readonly itemNo: string | null,
    readonly body: ReportTaskProgressDto | CompleteTaskItemDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * ReportTaskProgress / CompleteTaskItem on `task-{taskNo}`, with the task's items, the plan-target
 * indicators and the district and sector codes handed to the decider.
 * @throws NotFoundException (404) for an unknown task, or an item of the completion URL not of the task
 */
@CommandHandler(RunKeyTaskCommand)
export class RunKeyTaskHandler implements ICommandHandler<RunKeyTaskCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ kind, taskNo, itemNo, body, context }: RunKeyTaskCommand): Promise<AppendResult> {
    const task = keyTaskOf(this.reference, taskNo);
    const reference: KeyTaskReference = {
      task: { taskNo: task.taskNo, items: task.items },
      indicators: new Set(this.reference.planTargets.map((t) => t.indicator)),
      districtCodes: this.reference.districtCodes,
      sectorCodes: new Set(this.reference.sectorList.map((s) => s.code)),
    };
    const metadata = { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null };
    let command: KeyTaskCommand;
    if (kind === 'report') {
      const b = body as ReportTaskProgressDto;
      command = {
        type: 'ReportTaskProgress',
        data: {
          taskNo: task.taskNo, itemNo: b.itemNo, year: b.year ?? null, leadUnit: b.leadUnit, districtCode: b.districtCode ?? null, summary: b.summary,
          percentComplete: b.percentComplete ?? null,
          measurements: (b.measurements ?? []).map((m) => ({ indicator: m.indicator, districtCode: m.districtCode ?? null, sector: m.sector ?? null, numerator: m.numerator, denominator: m.denominator ?? null })),
          reportedAt: b.reportedAt,
        },
        reference,
        metadata,
      };
    } else {
      const b = body as CompleteTaskItemDto;
      if (itemNo === null || !task.items.some((i) => i.itemNo === itemNo)) {
        throw new NotFoundException({ error: 'key_task_item_not_found', message: `task ${task.taskNo} has no item ${String(itemNo).slice(0, 20)}` });
      }
      command = { type: 'CompleteTaskItem', data: { taskNo: task.taskNo, itemNo, year: b.year ?? null, leadUnit: b.leadUnit, evidence: b.evidence, completedAt: b.completedAt }, reference, metadata };
    }
    return handleCommand(this.store, {
      streamId: taskStreamId(task.taskNo),
      decider: keyTaskDecider,
      command,
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: keyTaskEventOccurredAt,
    });
  }
}
