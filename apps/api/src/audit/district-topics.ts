import { allProjections } from '#projections';

/**
 * The statistics topic (`GET /api/v1/statistics/{topic}`) each read model serves, by projection name.
 * The hazard ledger and the enterprise profile serve lists, not figures.
 */
const TOPIC_OF_PROJECTION: Readonly<Record<string, string>> = {
  'hazard-figures': 'hazards',
  'accident-register': 'accidents',
  'drill-figures': 'drills',
  'training-figures': 'training',
  'standardization-figures': 'standardization',
  'inspection-figures': 'inspections',
  'enforcement-figures': 'enforcement',
  'rescue-figures': 'rescue',
  'publicity-figures': 'publicity',
  'engineering-figures': 'engineering',
  'report-register': 'reports',
  'key-task-progress': 'key-tasks',
};

/** The topic under which events that feed no statistics route are listed. */
export const NO_FIGURE = 'none';

let topicsByType: Map<string, string[]> | null = null;

/**
 * The statistics topics an event type feeds, in code order — read from the projections' own
 * `eventTypes`, so a projection that starts reading a type moves it here too. `[]` for a type no
 * figure reads (a rectification's completion, a reader of a reporter's identity).
 */
export function topicsFed(type: string): string[] {
  if (!topicsByType) {
    const map = new Map<string, string[]>();
    for (const projection of allProjections()) {
      const topic = TOPIC_OF_PROJECTION[projection.name];
      if (!topic) continue;
      for (const t of projection.eventTypes) map.set(t, [...(map.get(t) ?? []), topic].sort());
    }
    topicsByType = map;
  }
  return topicsByType.get(type) ?? [];
}
