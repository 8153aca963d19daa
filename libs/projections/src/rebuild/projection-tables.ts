/**
 * Which read-model tables each projection writes: what a rebuild of that projection replaces. Every
 * versioned read-model table belongs to exactly one projection (a test holds this list to the
 * DataSource's entities and the registered projections, so a new read model cannot be forgotten).
 */
export const PROJECTION_TABLES: Readonly<Record<string, readonly string[]>> = {
  'enterprise-profile': ['enterprise_profile', 'enterprise_profile_hazards'],
  'hazard-ledger': ['hazard_ledger'],
  'hazard-figures': ['hazard_figure_hazards', 'hazard_figure_closures', 'hazard_figure_deadlines', 'hazard_figure_measures'],
  'drill-figures': ['drill_figure_drills', 'drill_figure_enterprises'],
  'training-figures': ['training_figure_trainings', 'training_figure_certificates', 'training_figure_enterprises'],
  'accident-register': ['accident_register', 'accident_tolls'],
  'standardization-figures': ['standardization_figure_enterprises', 'standardization_figure_grades'],
  'enforcement-figures': ['enforcement_figure_inspections', 'enforcement_figure_actions'],
  'inspection-figures': ['inspection_figure_inspections', 'inspection_figure_enterprises'],
  'rescue-figures': ['rescue_figure_teams', 'rescue_figure_distributions'],
  'publicity-figures': ['publicity_figure_lectures', 'publicity_figure_sites', 'publicity_figure_halls'],
  'engineering-figures': ['engineering_elevator_checks', 'engineering_progress'],
  'report-register': ['report_register'],
  'key-task-progress': ['key_task_reports', 'key_task_completions', 'key_task_measurements'],
};

/**
 * The tables of the named projections.
 * @throws Error naming an unknown projection
 */
export function tablesOf(projections: readonly string[]): string[] {
  return projections.flatMap((name) => {
    const tables = PROJECTION_TABLES[name];
    if (!tables) throw new Error(`unknown projection ${name} (known: ${Object.keys(PROJECTION_TABLES).join(', ')})`);
    return tables;
  });
}
