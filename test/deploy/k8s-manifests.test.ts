/**
 * The Kubernetes and KServe manifests in deploy/, validated without a cluster.
 *
 * Each YAML document is built with the matching class from `kubernetes-models`, whose `validate()`
 * checks it against the OpenAPI schema of the Kubernetes API (unknown fields, wrong types, missing
 * required fields). KServe's InferenceService is a custom resource that `kubernetes-models` does not
 * ship, so its shape is checked with a small JSON Schema (ajv) written here from KServe's v1beta1
 * API: the fields we use and their types — a narrower check than the built-in kinds get.
 * Then the numbers that must agree with the server are checked: probes, ports, shutdown timing.
 */
import t from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { Ajv } from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Service } from 'kubernetes-models/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { DEFAULT_OPTIONS } from '../../src/server/index.js';

const deployDir = fileURLToPath(new URL('../../deploy/', import.meta.url));

type Manifest = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string } };

function documentsIn(folder: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const file of readdirSync(`${deployDir}${folder}`).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const document of parseAllDocuments(readFileSync(`${deployDir}${folder}/${file}`, 'utf8'))) {
      if (document.errors.length > 0) throw new Error(`${folder}/${file}: ${document.errors[0]!.message}`);
      manifests.push(document.toJS() as Manifest);
    }
  }
  return manifests;
}

/** The model class for each built-in kind we ship; a kind missing here fails the test. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const k8s = documentsIn('k8s');
const byKind = (kind: string): Manifest => {
  const found = k8s.find((m) => m.kind === kind);
  if (found === undefined) throw new Error(`deploy/k8s has no ${kind}`);
  return found;
};
// A typed view of the parts of the Deployment the checks below read.
interface Probe { httpGet: { path: string; port: string | number } }
interface Container {
  ports: { name: string; containerPort: number }[];
  readinessProbe: Probe; livenessProbe: Probe;
  lifecycle: { preStop: { exec: { command: string[] } } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
}
const deployment = byKind('Deployment') as unknown as {
  spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> };
    spec: { terminationGracePeriodSeconds: number; containers: Container[] } } };
};
const pod = deployment.spec.template.spec;
const container = pod.containers[0]!;

t.test('every Kubernetes manifest validates against the Kubernetes API schema', async (t) => {
  t.same(k8s.map((m) => m.kind).sort(), ['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service']);
  for (const manifest of k8s) {
    const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
    t.ok(Model, `a model for ${manifest.apiVersion} ${manifest.kind}`);
    t.doesNotThrow(() => new Model!(manifest as never).validate(), `${manifest.kind} ${manifest.metadata.name}`);
  }
});

t.test('the schema check really rejects a malformed manifest', async (t) => {
  const broken = structuredClone(byKind('Deployment')) as unknown as { spec: { replicas: unknown } };
  broken.spec.replicas = 'two';
  t.throws(() => new Deployment(broken as never).validate());
});

t.test('readiness asks /readyz and liveness asks /healthz on the container port', async (t) => {
  t.equal(container.readinessProbe.httpGet.path, '/readyz');
  t.equal(container.livenessProbe.httpGet.path, '/healthz');
  const http = container.ports.find((p) => p.name === container.readinessProbe.httpGet.port);
  t.equal(http?.containerPort, 8000);
});

t.test('the grace period covers the preStop delay plus the server drain timeout', async (t) => {
  const [sleep, seconds] = container.lifecycle.preStop.exec.command;
  t.equal(sleep, 'sleep');
  const preStop = Number(seconds);
  t.ok(preStop >= 3, 'preStop leaves endpoints time to drop the pod');
  const needed = preStop + DEFAULT_OPTIONS.shutdownDelay + DEFAULT_OPTIONS.timeoutGracefulShutdown;
  t.ok(pod.terminationGracePeriodSeconds > needed, `grace ${pod.terminationGracePeriodSeconds}s > ${needed}s`);
  t.ok(pod.terminationGracePeriodSeconds <= needed + 15, 'but not so long that a stuck pod lingers');
});

t.test('the container sets CPU and memory requests and limits', async (t) => {
  for (const kind of ['requests', 'limits'] as const) {
    t.ok(container.resources[kind].cpu, `${kind}.cpu`);
    t.ok(container.resources[kind].memory, `${kind}.memory`);
  }
});

t.test('the Service, HPA and PDB all point at the Deployment', async (t) => {
  const labels = deployment.spec.template.metadata.labels;
  const matches = (selector: Record<string, string>): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);
  t.ok(matches(deployment.spec.selector.matchLabels), 'deployment selector');
  t.ok(matches((byKind('Service') as unknown as { spec: { selector: Record<string, string> } }).spec.selector), 'service selector');
  t.ok(matches((byKind('PodDisruptionBudget') as unknown as { spec: { selector: { matchLabels: Record<string, string> } } }).spec.selector.matchLabels), 'pdb selector');
  const target = (byKind('HorizontalPodAutoscaler') as unknown as { spec: { scaleTargetRef: { kind: string; name: string } } }).spec.scaleTargetRef;
  t.same(target, { apiVersion: 'apps/v1', kind: 'Deployment', name: byKind('Deployment').metadata.name });
});

// KServe v1beta1, the subset we rely on (see the file header for why this is hand-written).
const probeSchema = {
  type: 'object', required: ['httpGet'],
  properties: { httpGet: { type: 'object', required: ['path', 'port'], properties: { path: { type: 'string', pattern: '^/' }, port: { type: ['integer', 'string'] } } } },
};
const inferenceServiceSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'serving.kserve.io/v1beta1' },
    kind: { const: 'InferenceService' },
    metadata: { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' } } },
    spec: {
      type: 'object', required: ['predictor'], additionalProperties: false,
      properties: {
        predictor: {
          type: 'object', required: ['containers'],
          properties: {
            minReplicas: { type: 'integer', minimum: 0 },
            maxReplicas: { type: 'integer', minimum: 1 },
            containerConcurrency: { type: 'integer', minimum: 0 },
            timeout: { type: 'integer', minimum: 1 },
            canaryTrafficPercent: { type: 'integer', minimum: 0, maximum: 100 },
            containers: {
              type: 'array', minItems: 1, maxItems: 1,
              items: {
                type: 'object', required: ['name', 'image', 'ports'],
                properties: {
                  name: { const: 'kserve-container' },
                  image: { type: 'string', minLength: 1 },
                  ports: { type: 'array', minItems: 1, maxItems: 1, items: { type: 'object', required: ['containerPort'], properties: { name: { enum: ['http1', 'h2c'] }, containerPort: { type: 'integer' } } } },
                  env: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, value: { type: 'string' } } } },
                  readinessProbe: probeSchema,
                  livenessProbe: probeSchema,
                },
              },
            },
          },
        },
        transformer: { type: 'object' },
        explainer: { type: 'object' },
      },
    },
  },
} as const;
const validateInferenceService = new Ajv({ allErrors: true, strict: false }).compile(inferenceServiceSchema);

t.test('the KServe InferenceService has the v1beta1 custom-predictor shape', async (t) => {
  const [service, ...rest] = documentsIn('kserve');
  t.equal(rest.length, 0);
  t.ok(validateInferenceService(service), JSON.stringify(validateInferenceService.errors));
});

t.test('the KServe shape check rejects a predictor without containers', async (t) => {
  const broken = structuredClone(documentsIn('kserve')[0]!) as unknown as { spec: { predictor: Record<string, unknown> } };
  delete broken.spec.predictor.containers;
  t.notOk(validateInferenceService(broken));
});

t.test('the KServe predictor probes the Open Inference Protocol health endpoints on port 8000', async (t) => {
  const predictor = (documentsIn('kserve')[0] as unknown as { spec: { predictor: { containers: Container[] } } }).spec.predictor;
  const only = predictor.containers[0]!;
  t.equal(only.ports[0]!.containerPort, 8000);
  t.equal(only.readinessProbe.httpGet.path, '/v2/health/ready');
  t.equal(only.livenessProbe.httpGet.path, '/v2/health/live');
});
