// Schema violations seen by the synth hooks of ./setup since the last test.
// A test that expects one takes it with `takeViolations()`, so that afterEach
// does not fail it.

const violations: string[] = [];

export function recordViolation(message: string): void {
  violations.push(message);
}

/** Returns the violations recorded since the last call, and forgets them. */
export function takeViolations(): string[] {
  return violations.splice(0);
}
