/**
 * Events of the `enterprise-{uscc}` stream (DOMAIN.md §2). No optional fields: absent is `null`.
 */
export interface EnterpriseRegistered {
  type: 'EnterpriseRegistered';
  data: {
    uscc: string;
    name: string;
    districtCode: string;
    sector: string;
    /** GB/T 4754-2017 code at any level: 'C', 'C26', 'C261', 'C2614'. */
    industryCode: string;
    riskTags: string[];
    highRisk: boolean;
    registeredAt: string;
  };
}

export interface StandardizationGraded {
  type: 'StandardizationGraded';
  data: { uscc: string; level: 1 | 2 | 3; gradedAt: string; /** CST date, three years after grading. */ validUntil: string };
}

export interface ResponsibilitySystemEstablished {
  type: 'ResponsibilitySystemEstablished';
  data: { uscc: string; establishedAt: string; postsCovered: number };
}

export interface EnterpriseClosed {
  type: 'EnterpriseClosed';
  data: { uscc: string; closedAt: string; reason: string };
}

export type EnterpriseEvent =
  | EnterpriseRegistered
  | StandardizationGraded
  | ResponsibilitySystemEstablished
  | EnterpriseClosed;

export const ENTERPRISE_EVENT_TYPES = [
  'EnterpriseRegistered',
  'StandardizationGraded',
  'ResponsibilitySystemEstablished',
  'EnterpriseClosed',
] as const satisfies readonly EnterpriseEvent['type'][];

/** The stream of one enterprise. */
export const enterpriseStreamId = (uscc: string): string => `enterprise-${uscc}`;
