/** A problem with how pmkb was asked to run (folders, flags), not with a postmortem: exit code 2. */
export class UsageError extends Error {}

/** The usage error behind `error`, also when a stage wrapped it with its cause. */
export function usageErrorIn(error: unknown): UsageError | undefined {
  if (error instanceof UsageError) return error;
  return error instanceof Error && error.cause instanceof UsageError ? error.cause : undefined;
}
