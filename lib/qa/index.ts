/** Question answering over the DevOps graph: vector QA, Cypher QA and the agent that picks between them. */
export { GRAPH_TOOL, TASKS_TOOL, DEFAULT_MAX_STEPS, runAgent } from "./agent";
export type { AgentOptions, AgentResult, AgentStep, ToolDetail } from "./agent";
export { DEFAULT_MAX_ATTEMPTS, DEVOPS_NOTES, cypherQa, runCypherAnswer } from "./cypher-qa";
export type { CypherAttempt, CypherQaOptions, CypherQaResult } from "./cypher-qa";
export { FAILURE_KINDS } from "./failures";
export type { FailureKind } from "./failures";
export { DEFAULT_K, indexTasks, retrieveTasks, taskCollection } from "./task-index";
export type { RetrievedTask, TaskProperties } from "./task-index";
export { explainCount, vectorQa } from "./vector-qa";
export type { CountExplanation, QaDeps, VectorQaResult } from "./vector-qa";
