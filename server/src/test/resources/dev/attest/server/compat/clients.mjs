// Drives a running Attest with the official WorkOS and Retraced Node clients; prints one JSON line of what happened.
// Environment: ATTEST_PORT, ATTEST_ORG, ATTEST_KEY, OTHER_ORG (an organization the key does not belong to).
import { WorkOS } from '@workos-inc/node';
import Retraced from '@retracedhq/retraced';

const port = Number(process.env.ATTEST_PORT);
const org = process.env.ATTEST_ORG;
const key = process.env.ATTEST_KEY;
const result = {};

const workos = new WorkOS(key, { apiHostname: '127.0.0.1', https: false, port });
const event = {
  action: 'user.signed_in',
  occurredAt: new Date('2026-01-02T03:04:05.678Z'),
  version: 1,
  actor: { type: 'user', id: 'user_01', name: 'Jon Smith', metadata: { role: 'admin' } },
  targets: [
    { type: 'team', id: 'team_01', name: 'Blue' },
    { type: 'user', id: 'user_02', metadata: { plan: 'pro' } },
  ],
  context: { location: '203.0.113.7', userAgent: 'Chrome/120' },
  metadata: { plan: 'pro', seats: 3, trial: false, outcome: 'failure' },
};
await workos.auditLogs.createEvent(org, event, { idempotencyKey: 'signin-1' });
// The same key again: a retry, which must not store a second event.
await workos.auditLogs.createEvent(org, event, { idempotencyKey: 'signin-1' });
// No key: the SDK makes one up itself.
await workos.auditLogs.createEvent(org, { ...event, action: 'user.signed_out', metadata: {} });
try {
  await workos.auditLogs.createEvent(process.env.OTHER_ORG, event);
  result.workosOtherOrg = 'accepted';
} catch (e) {
  result.workosOtherOrg = `${e.constructor.name} ${e.status}`;
}
try {
  await workos.auditLogs.createEvent(org, { ...event, targets: 'none' });
  result.workosInvalid = 'accepted';
} catch (e) {
  result.workosInvalid = `${e.constructor.name} ${e.status}`;
}

// The endpoint has no path: the client appends /publisher/v1/project/… itself.
const retraced = new Retraced.Client({ projectId: org, apiKey: key, endpoint: `http://127.0.0.1:${port}` });
// reportEvent recomputes the hash from what it sent and throws when the server's differs.
result.retracedId = await retraced.reportEvent({
  action: 'document.viewed',
  crud: 'r',
  group: { id: 'customer:42', name: 'Customer 42' },
  created: new Date('2026-01-02T03:04:06.000Z'),
  actor: { id: 'alice@acme.test', name: 'Alice', href: 'https://acme.test/u/alice', fields: { dept: 'ops' } },
  target: { id: 'doc_1', name: 'Q3 plan', type: 'Document', fields: { folder: 'plans' } },
  source_ip: '198.51.100.4',
  description: 'Alice viewed Q3 plan',
  fields: { 'a=b': 'c;d', 'x:y': '100%' },
  external_id: 'ext:1',
  metadata: {},
  is_failure: true,
});
const bulk = await retraced.reportEvents([
  { action: 'login', crud: 'c', is_anonymous: true },
  { action: 'user.delete', crud: 'd', actor: { id: 'u1' }, target: { id: 'u2' }, fields: {} },
]);
result.retracedBulk = bulk;
console.log(JSON.stringify(result));
