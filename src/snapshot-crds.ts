/*
 * The three snapshot.storage.k8s.io/v1 CustomResourceDefinitions the snapshot
 * controller v8.6.0 serves, as data: names, scope, printer columns and the
 * OpenAPI schema of each kind (field names, types, required fields, enums and
 * the validation rules the API server applies), following the definitions of
 * kubernetes-csi/external-snapshotter v8.6.0 (client/config/crd). A test
 * compares every property path of those files with these.
 *
 * Internal: `SnapshotController` writes them; the tests read them.
 */

/** A JSON schema as a CRD's `openAPIV3Schema` takes it. */
export interface CrdSchema {
  readonly 'type'?: string;
  readonly 'format'?: string;
  readonly 'pattern'?: string;
  readonly 'minimum'?: number;
  readonly 'enum'?: string[];
  readonly 'required'?: string[];
  readonly 'properties'?: { [name: string]: CrdSchema };
  readonly 'additionalProperties'?: CrdSchema;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-map-type'?: string;
  readonly 'x-kubernetes-validations'?: Array<{ rule: string; message: string }>;
}

/** One CustomResourceDefinition of the snapshot API. */
export interface SnapshotCrd {
  readonly kind: string;
  readonly plural: string;
  readonly shortNames: string[];
  readonly scope: 'Namespaced' | 'Cluster';
  /** The API review that approved the kind (the API server requires one for a `*.k8s.io` group). */
  readonly approval: string;
  readonly columns: Array<{ name: string; type: string; jsonPath: string }>;
  readonly status: boolean;
  readonly schema: CrdSchema;
}

export const SNAPSHOT_GROUP = 'snapshot.storage.k8s.io';

const string: CrdSchema = { type: 'string' };
const immutable = (field: string): CrdSchema => ({
  'type': 'string',
  'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: `${field} is immutable` }],
});
const deletionPolicy: CrdSchema = { type: 'string', enum: ['Delete', 'Retain'] };
const error: CrdSchema = { type: 'object', properties: { message: string, time: { type: 'string', format: 'date-time' } } };
const age = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

/** Each of two fields required once set, and exactly one of them (`b` named first). */
function oneOf(a: string, b: string): Array<{ rule: string; message: string }> {
  return [
    { rule: `!has(oldSelf.${a}) || has(self.${a})`, message: `${a} is required once set` },
    { rule: `!has(oldSelf.${b}) || has(self.${b})`, message: `${b} is required once set` },
    { rule: `(has(self.${b}) && !has(self.${a})) || (!has(self.${b}) && has(self.${a}))`, message: `exactly one of ${b} and ${a} must be set` },
  ];
}

/** The top of every kind's schema. */
function kindSchema(properties: { [name: string]: CrdSchema }, required?: string[]): CrdSchema {
  return { type: 'object', required, properties: { apiVersion: string, kind: string, metadata: { type: 'object' }, ...properties } };
}

export const SNAPSHOT_CRDS: SnapshotCrd[] = [
  {
    kind: 'VolumeSnapshotClass',
    plural: 'volumesnapshotclasses',
    shortNames: ['vsclass', 'vsclasses'],
    scope: 'Cluster',
    approval: 'https://github.com/kubernetes-csi/external-snapshotter/pull/814',
    columns: [
      { name: 'Driver', type: 'string', jsonPath: '.driver' },
      { name: 'DeletionPolicy', type: 'string', jsonPath: '.deletionPolicy' },
      age,
    ],
    status: false,
    schema: kindSchema({
      deletionPolicy,
      driver: string,
      parameters: { type: 'object', additionalProperties: string },
    }, ['deletionPolicy', 'driver']),
  },
  {
    kind: 'VolumeSnapshotContent',
    plural: 'volumesnapshotcontents',
    shortNames: ['vsc', 'vscs'],
    scope: 'Cluster',
    approval: 'https://github.com/kubernetes-csi/external-snapshotter/pull/955',
    columns: [
      { name: 'ReadyToUse', type: 'boolean', jsonPath: '.status.readyToUse' },
      { name: 'RestoreSize', type: 'integer', jsonPath: '.status.restoreSize' },
      { name: 'DeletionPolicy', type: 'string', jsonPath: '.spec.deletionPolicy' },
      { name: 'Driver', type: 'string', jsonPath: '.spec.driver' },
      { name: 'VolumeSnapshotClass', type: 'string', jsonPath: '.spec.volumeSnapshotClassName' },
      { name: 'VolumeSnapshot', type: 'string', jsonPath: '.spec.volumeSnapshotRef.name' },
      { name: 'VolumeSnapshotNamespace', type: 'string', jsonPath: '.spec.volumeSnapshotRef.namespace' },
      age,
    ],
    status: true,
    schema: kindSchema({
      spec: {
        'type': 'object',
        'required': ['deletionPolicy', 'driver', 'source', 'volumeSnapshotRef'],
        'x-kubernetes-validations': [{ rule: '!has(oldSelf.sourceVolumeMode) || has(self.sourceVolumeMode)', message: 'sourceVolumeMode is required once set' }],
        'properties': {
          deletionPolicy,
          driver: string,
          source: {
            'type': 'object',
            'x-kubernetes-validations': oneOf('snapshotHandle', 'volumeHandle'),
            'properties': { snapshotHandle: immutable('snapshotHandle'), volumeHandle: immutable('volumeHandle') },
          },
          sourceVolumeMode: immutable('sourceVolumeMode'),
          volumeSnapshotClassName: string,
          volumeSnapshotRef: {
            'type': 'object',
            'x-kubernetes-map-type': 'atomic',
            'x-kubernetes-validations': [{ rule: 'has(self.name) && has(self.__namespace__)', message: 'both spec.volumeSnapshotRef.name and spec.volumeSnapshotRef.namespace must be set' }],
            'properties': {
              apiVersion: string, fieldPath: string, kind: string, name: string, namespace: string, resourceVersion: string, uid: string,
            },
          },
        },
      },
      status: {
        type: 'object',
        properties: {
          creationTime: { type: 'integer', format: 'int64' },
          error,
          readyToUse: { type: 'boolean' },
          restoreSize: { type: 'integer', format: 'int64', minimum: 0 },
          snapshotHandle: string,
          volumeGroupSnapshotHandle: string,
        },
      },
    }, ['spec']),
  },
  {
    kind: 'VolumeSnapshot',
    plural: 'volumesnapshots',
    shortNames: ['vs'],
    scope: 'Namespaced',
    approval: 'https://github.com/kubernetes-csi/external-snapshotter/pull/814',
    columns: [
      { name: 'ReadyToUse', type: 'boolean', jsonPath: '.status.readyToUse' },
      { name: 'SourcePVC', type: 'string', jsonPath: '.spec.source.persistentVolumeClaimName' },
      { name: 'SourceSnapshotContent', type: 'string', jsonPath: '.spec.source.volumeSnapshotContentName' },
      { name: 'RestoreSize', type: 'string', jsonPath: '.status.restoreSize' },
      { name: 'SnapshotClass', type: 'string', jsonPath: '.spec.volumeSnapshotClassName' },
      { name: 'SnapshotContent', type: 'string', jsonPath: '.status.boundVolumeSnapshotContentName' },
      { name: 'CreationTime', type: 'date', jsonPath: '.status.creationTime' },
      age,
    ],
    status: true,
    schema: kindSchema({
      spec: {
        type: 'object',
        required: ['source'],
        properties: {
          source: {
            'type': 'object',
            'x-kubernetes-validations': oneOf('persistentVolumeClaimName', 'volumeSnapshotContentName'),
            'properties': {
              persistentVolumeClaimName: immutable('persistentVolumeClaimName'),
              volumeSnapshotContentName: immutable('volumeSnapshotContentName'),
            },
          },
          volumeSnapshotClassName: {
            'type': 'string',
            'x-kubernetes-validations': [{ rule: 'size(self) > 0', message: 'volumeSnapshotClassName must not be the empty string when set' }],
          },
        },
      },
      status: {
        type: 'object',
        properties: {
          boundVolumeSnapshotContentName: string,
          creationTime: { type: 'string', format: 'date-time' },
          error,
          readyToUse: { type: 'boolean' },
          restoreSize: {
            'type': 'string',
            'x-kubernetes-int-or-string': true,
            'pattern': '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
          },
          volumeGroupSnapshotName: string,
        },
      },
    }, ['spec']),
  },
];
