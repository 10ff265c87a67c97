// Jest runs this once before any test file (globalSetup in .projenrc.ts):
// it builds the Pod Security checker (./pod-security, cached outside the repo)
// so that test workers, which inherit the environment, do not each build it.
import { buildCheckers } from './pod-security';

export default function globalSetup(): void {
  process.env.POD_SECURITY_BINARIES = buildCheckers();
}
