import type { GraphNodeType, GraphProperty, GraphRelType, GraphSchema } from "./port";

/** Sorts the schema parts and renders the text both engines give an LLM prompt. */
export function buildSchema(nodes: GraphNodeType[], relationships: GraphRelType[]): GraphSchema {
  const byName = <T>(key: (x: T) => string) => (a: T, b: T) => key(a).localeCompare(key(b));
  const sortedNodes = nodes
    .map((n) => ({ ...n, properties: [...n.properties].sort(byName((p) => p.name)) }))
    .sort(byName((n) => n.label));
  const sortedRels = relationships
    .map((r) => ({
      ...r,
      endpoints: [...r.endpoints].sort(byName((e) => `${e.from} ${e.to}`)),
      properties: [...r.properties].sort(byName((p) => p.name)),
    }))
    .sort(byName((r) => r.type));

  const props = (properties: GraphProperty[]) =>
    `{${properties.map((p) => `${p.name}: ${p.type}`).join(", ")}}`;
  const withProps = <T extends { properties: GraphProperty[] }>(items: T[], name: (x: T) => string) =>
    items.filter((x) => x.properties.length > 0).map((x) => `${name(x)} ${props(x.properties)}`);
  const relProps = withProps(sortedRels, (r) => r.type);

  const text = [
    "Node properties:",
    ...sortedNodes.map((n) => `${n.label} ${props(n.properties)}`),
    "Relationship properties:",
    ...(relProps.length > 0 ? relProps : ["(none)"]),
    "The relationships:",
    ...sortedRels.flatMap((r) => r.endpoints.map((e) => `(:${e.from})-[:${r.type}]->(:${e.to})`)),
  ].join("\n");
  return { nodes: sortedNodes, relationships: sortedRels, text };
}
