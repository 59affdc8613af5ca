/**
 * The one place the DevOps graph's shape is declared. LadybugDB needs it as
 * DDL (a table per label, a primary key each); Neo4j gets uniqueness
 * constraints on the same keys and the course's vector index on Task.
 */

export type PropertyType = "STRING" | "INT64" | "DOUBLE" | "BOOL";

export interface NodeTableSpec {
  label: string;
  /** Primary key property; it must also be listed in `properties`. */
  key: string;
  properties: Readonly<Record<string, PropertyType>>;
}

export interface RelTableSpec {
  type: string;
  from: string;
  to: string;
}

export interface VectorIndexSpec {
  name: string;
  label: string;
  property: string;
}

export interface GraphSpec {
  nodes: readonly NodeTableSpec[];
  relationships: readonly RelTableSpec[];
  vectorIndex?: VectorIndexSpec;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks names once so the DDL below can splice them into statements safely. */
export function defineGraph<const T extends GraphSpec>(spec: T): T {
  const labels = new Set(spec.nodes.map((n) => n.label));
  const names = [
    ...spec.nodes.flatMap((n) => [n.label, ...Object.keys(n.properties)]),
    ...spec.relationships.map((r) => r.type),
    ...(spec.vectorIndex ? [spec.vectorIndex.name, spec.vectorIndex.property] : []),
  ];
  for (const name of names) {
    if (!IDENTIFIER.test(name)) throw new Error(`Graph schema: '${name}' is not a plain identifier`);
  }
  for (const n of spec.nodes) {
    if (!(n.key in n.properties)) throw new Error(`Graph schema: key ${n.key} of ${n.label} is not a property`);
  }
  for (const r of spec.relationships) {
    if (!labels.has(r.from) || !labels.has(r.to)) throw new Error(`Graph schema: ${r.type} joins undeclared labels`);
  }
  if (spec.vectorIndex && !labels.has(spec.vectorIndex.label)) {
    throw new Error(`Graph schema: vector index on undeclared label ${spec.vectorIndex.label}`);
  }
  return spec;
}

/**
 * Statuses are kept lowercase as in the shipped data (the current notebook's
 * gist revision); lessons query `{status: 'open'}`. See datasets/devops-graph/README.md.
 */
export const TASK_STATUSES = ["open", "in progress", "completed"] as const;

/**
 * `id` is the variable name the original import query gave each node
 * (e.g. `optimizePayment`): `name` is not unique (two tasks are "Optimize").
 * Database, Cache, MessageQueue and ExternalAPI are Microservice nodes, as in
 * the original.
 */
export const DEVOPS_GRAPH = defineGraph({
  nodes: [
    { label: "Microservice", key: "id", properties: { id: "STRING", name: "STRING", technology: "STRING" } },
    { label: "Task", key: "id", properties: { id: "STRING", name: "STRING", status: "STRING", description: "STRING" } },
    { label: "Team", key: "id", properties: { id: "STRING", name: "STRING" } },
    { label: "Person", key: "id", properties: { id: "STRING", name: "STRING" } },
  ],
  relationships: [
    { type: "DEPENDS_ON", from: "Microservice", to: "Microservice" },
    { type: "MAINTAINED_BY", from: "Microservice", to: "Team" },
    { type: "ASSIGNED_TO", from: "Task", to: "Team" },
    { type: "LINKED_TO", from: "Task", to: "Microservice" },
    { type: "PART_OF", from: "Person", to: "Team" },
  ],
  // Same name, label and property as the course's Neo4jVector.from_existing_graph call.
  vectorIndex: { name: "tasks", label: "Task", property: "embedding" },
});

export function ladybugDdl(spec: GraphSpec): string[] {
  return [
    ...spec.nodes.map((n) => {
      const columns = Object.entries(n.properties).map(([name, type]) => `${name} ${type}`);
      return `CREATE NODE TABLE IF NOT EXISTS ${n.label}(${columns.join(", ")}, PRIMARY KEY (${n.key}))`;
    }),
    ...spec.relationships.map((r) => `CREATE REL TABLE IF NOT EXISTS ${r.type}(FROM ${r.from} TO ${r.to})`),
  ];
}

/**
 * Neo4j is schema-free, so only keys are declared. The vector index needs the
 * embedding size, known only once an embedder is chosen; without it the
 * index is left out. Neo4j 5.13+ syntax.
 */
export function neo4jDdl(spec: GraphSpec, opts: { vectorDimensions?: number } = {}): string[] {
  const statements = spec.nodes.map(
    (n) =>
      `CREATE CONSTRAINT ${n.label.toLowerCase()}_${n.key} IF NOT EXISTS FOR (n:${n.label}) REQUIRE n.${n.key} IS UNIQUE`,
  );
  const { vectorDimensions } = opts;
  if (spec.vectorIndex && vectorDimensions !== undefined) {
    // Index options cannot be parameters; the size is checked so it is only ever a number.
    if (!Number.isInteger(vectorDimensions) || vectorDimensions < 1 || vectorDimensions > 4096) {
      throw new Error(`Vector dimensions must be an integer from 1 to 4096, got ${vectorDimensions}`);
    }
    const v = spec.vectorIndex;
    statements.push(
      `CREATE VECTOR INDEX ${v.name} IF NOT EXISTS FOR (n:${v.label}) ON n.${v.property} ` +
        `OPTIONS {indexConfig: {\`vector.dimensions\`: ${vectorDimensions}, \`vector.similarity_function\`: 'cosine'}}`,
    );
  }
  return statements;
}
