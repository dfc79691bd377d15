// Help text shared by the lease commands (claim, release, leases).
export const LEASE_ENV = `
Environment: TASKPLAIN_HOLDER (default holder) · TASKPLAIN_LEASE_REMOTE (like --remote)
             TASKPLAIN_LEASE_SKEW (clock-skew margin before an expired lease can be taken, default 30s)`;
