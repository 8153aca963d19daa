/** An enterprise's state, folded from its stream. A union on `status`: no illegal state can be written. */
export type EnterpriseState =
  | { status: 'unregistered' }
  | {
      status: 'open' | 'closed';
      uscc: string;
      name: string;
      districtCode: string;
      sector: string;
      industryCode: string;
      riskTags: string[];
      highRisk: boolean;
      registeredAt: string;
      standardization: { level: 1 | 2 | 3; gradedAt: string; validUntil: string } | null;
      responsibilitySystemEstablishedAt: string | null;
      closedAt: string | null;
    };
