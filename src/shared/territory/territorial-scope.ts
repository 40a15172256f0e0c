/**
 * Territorial scope (ADR 0030), pure. Unpadded INEI codes nest by prefix: department 21, its
 * province 2101, its district 210101. A scope covers a territory when the territory's code
 * starts with the scope's: a regional account covers its department's plan and every
 * provincial and district plan inside it; a municipal one only its province or district.
 */
export function scopeCovers(scope: string, territory: string): boolean {
  return territory.startsWith(scope);
}

/**
 * Whether an account may see a policy: national policies (no territory) and national accounts
 * (no scope) keep the rules they had before plans; a scoped account sees only the plans
 * its scope covers.
 */
export function canSeePolicy(
  scope: string | null | undefined,
  policyTerritory: string | null,
): boolean {
  if (policyTerritory === null || !scope) return true;
  return scopeCovers(scope, policyTerritory);
}
