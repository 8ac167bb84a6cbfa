import { describeSecurityAttacks } from './support/security-attacks';

// The attacks of issue 18 against the shared `npm start` stack (the same run against compose:
// e2e/containers/compose.spec.ts).
describeSecurityAttacks();
