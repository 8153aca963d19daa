/**
 * The state of one `rescue-{districtCode}` stream: `empty` before its first event, then its district,
 * the keys ({@link rescueTeamKey}) and ids of the teams established and the ids of the distributions.
 */
export type RescueState =
  | { status: 'empty' }
  | { status: 'active'; districtCode: string; teamKeys: string[]; teamIds: string[]; distributionIds: string[] };
