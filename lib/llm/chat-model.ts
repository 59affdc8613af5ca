import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAICompletions } from "@langchain/openai";
import { env } from "../config/env";
import { LabError } from "../errors";
import { modelSlots } from "./pg-slots";
import type { ModelSlots } from "./slots";

/** One chat model on one OpenAI-compatible server. */
export interface ChatConfig {
  /** Any chat-completions server (LM Studio, Ollama, vLLM, TGI, ...); OpenAI when absent. */
  baseUrl?: string;
  apiKey?: string;
  model: string;
  temperature?: number;
  /** The longest wait with nothing from the server (RAGCAMP_LLM_TIMEOUT_MS); see lib/llm/call.ts. */
  timeoutMs?: number;
  /** Calls in flight at once on this model; more wait in line (see sharedChatModel). */
  maxConcurrency?: number;
  /** The reply's token limit (max_tokens), sent with every call: a quota reserves it up front. */
  maxTokens?: number;
}

const OPENAI_BASE_URL = "https://api.openai.com/v1";

/** The environment variables the chat model is configured from. */
export interface ChatEnv {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  RAGCAMP_CHAT_MODEL?: string;
  RAGCAMP_LLM_CONCURRENCY?: number;
  RAGCAMP_LLM_TIMEOUT_MS?: number;
  RAGCAMP_LLM_MAX_TOKENS?: number;
}

export const DEFAULT_LLM_TIMEOUT_MS = 30_000;
/** Ample for the lab's answers and judge verdicts; without a limit a reply's cost has no bound to reserve. */
export const DEFAULT_LLM_MAX_TOKENS = 1024;

export const HOW_TO_CONFIGURE = `To use a chat model, set these on the server (e.g. in .env) and restart:
  RAGCAMP_CHAT_MODEL  the model name the server knows
  OPENAI_API_KEY      the key (needed for OpenAI; local servers usually need none)
  OPENAI_BASE_URL     the server's OpenAI-compatible URL (leave unset for OpenAI itself)

OpenAI:     OPENAI_API_KEY=sk-...  RAGCAMP_CHAT_MODEL=gpt-4o-mini
LM Studio:  OPENAI_BASE_URL=http://localhost:1234/v1  RAGCAMP_CHAT_MODEL=<model id shown in LM Studio>
Ollama:     OPENAI_BASE_URL=http://localhost:11434/v1  RAGCAMP_CHAT_MODEL=llama3.2 (after \`ollama pull llama3.2\`)`;

/** Null when no chat model is configured: LLM features then explain how to set one up. */
export function chatConfigFromEnv(source: ChatEnv): ChatConfig | null {
  const model = source.RAGCAMP_CHAT_MODEL?.trim();
  const apiKey = source.OPENAI_API_KEY?.trim() || undefined;
  const baseUrl = source.OPENAI_BASE_URL?.trim() || undefined;
  if (!model || (!apiKey && !baseUrl)) return null;
  return {
    model,
    apiKey,
    baseUrl,
    ...(source.RAGCAMP_LLM_CONCURRENCY ? { maxConcurrency: source.RAGCAMP_LLM_CONCURRENCY } : {}),
    ...(source.RAGCAMP_LLM_TIMEOUT_MS ? { timeoutMs: source.RAGCAMP_LLM_TIMEOUT_MS } : {}),
    ...(source.RAGCAMP_LLM_MAX_TOKENS ? { maxTokens: source.RAGCAMP_LLM_MAX_TOKENS } : {}),
  };
}

/** What is missing, in the user's words, followed by how to fix it. */
function notConfiguredMessage(source: ChatEnv): string {
  const missing = [
    ...(source.RAGCAMP_CHAT_MODEL?.trim() ? [] : ["RAGCAMP_CHAT_MODEL is not set"]),
    ...(source.OPENAI_API_KEY?.trim() || source.OPENAI_BASE_URL?.trim()
      ? []
      : ["neither OPENAI_API_KEY nor OPENAI_BASE_URL is set"]),
  ];
  return `No chat model is configured (${missing.join("; ")}).\n\n${HOW_TO_CONFIGURE}`;
}

/** The configured chat config, or a LabError("not_configured") that says how to configure one. */
export function requireChatConfig(source: ChatEnv = env()): ChatConfig {
  const config = chatConfigFromEnv(source);
  if (!config) throw new LabError("not_configured", notConfiguredMessage(source));
  return config;
}

export function requireChatModel(source: ChatEnv = env()): BaseChatModel {
  return sharedChatModel(requireChatConfig(source));
}

const shared = new Map<string, BaseChatModel>();

/**
 * One model per configuration and process. Its `maxConcurrency` is then a
 * cap on calls across every learner and job, so a cohort judging at once
 * queues here instead of swamping a local model server or a rate limit.
 */
export function sharedChatModel(config: ChatConfig): BaseChatModel {
  const key = JSON.stringify(config);
  let model = shared.get(key);
  if (!model) {
    model = createChatModel(config);
    shared.set(key, model);
  }
  return model;
}

/**
 * Cache and run key: the same model name on another server is another model.
 * Never contains the key.
 */
export function chatModelId(config: ChatConfig): string {
  const server = config.baseUrl ? `@${new URL(config.baseUrl).host}` : "";
  return `openai${server}/${config.model}`;
}

/** What the call path (lib/llm/call.ts) needs to know about a model beyond LangChain's object. */
export interface ModelSettings {
  id: string;
  timeoutMs: number;
  slots: ModelSlots;
  maxTokens: number;
}

const settings = new WeakMap<BaseChatModel, ModelSettings>();

/** The model's settings; a model not built here (a test double) gets the default timeout and no cap. */
export function modelSettings(model: BaseChatModel): ModelSettings | undefined {
  return settings.get(model);
}

/**
 * Chat-completions specifically (not ChatOpenAI's Responses API routing,
 * which some model names trigger): it is the one wire format every
 * OpenAI-compatible server speaks. Time limits, retries, the concurrency cap
 * and the trace are the call path's (lib/llm/call.ts), not LangChain's, so
 * the client's own retries are off and its timeout is only a backstop.
 */
export function createChatModel(config: ChatConfig): BaseChatModel {
  const model = new ChatOpenAICompletions({
    model: config.model,
    temperature: config.temperature,
    maxTokens: config.maxTokens ?? DEFAULT_LLM_MAX_TOKENS,
    maxRetries: 0,
    // Local servers usually need no key, but the OpenAI client insists on one.
    apiKey: config.apiKey ?? "no-key",
    // Explicit, so a stray OPENAI_BASE_URL in the process env cannot redirect it.
    configuration: { baseURL: config.baseUrl ?? OPENAI_BASE_URL },
  });
  const id = chatModelId(config);
  settings.set(model, {
    id,
    timeoutMs: config.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
    slots: modelSlots(config.maxConcurrency ?? Number.POSITIVE_INFINITY, id),
    maxTokens: config.maxTokens ?? DEFAULT_LLM_MAX_TOKENS,
  });
  return model;
}
