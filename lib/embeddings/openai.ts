import { OpenAIEmbeddings } from "@langchain/openai";
import { LabError } from "../errors";

export interface OpenAIEmbedderConfig {
  provider: "openai";
  model: string;
  /** Any OpenAI-compatible server (LM Studio, Ollama, vLLM, TGI, ...). */
  baseUrl?: string;
  apiKey?: string;
  /** Shortened output; only text-embedding-3 and later support it. */
  dimensions?: number;
}

const NATIVE_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

/**
 * Cache and run key: the same model name on another server, or at another
 * output size, gives different vectors.
 */
export function openAIEmbedderId(config: OpenAIEmbedderConfig): string {
  const server = config.baseUrl ? `@${new URL(config.baseUrl).host}` : "";
  const size = config.dimensions ? `:${config.dimensions}d` : "";
  return `openai${server}/${config.model}${size}`;
}

/** Known up front for OpenAI's own models; otherwise learnt from the first vector. */
export function openAIDimension(config: OpenAIEmbedderConfig): number | undefined {
  return config.dimensions ?? (config.baseUrl ? undefined : NATIVE_DIMENSIONS[config.model]);
}

export function createOpenAIEmbeddings(config: OpenAIEmbedderConfig): OpenAIEmbeddings {
  if (!config.apiKey && !config.baseUrl) {
    throw new LabError(
      "unavailable",
      "OpenAI embeddings are selected but not configured: set OPENAI_API_KEY, or OPENAI_BASE_URL for an OpenAI-compatible server.",
    );
  }
  return new OpenAIEmbeddings({
    model: config.model,
    dimensions: config.dimensions,
    // Local servers usually need no key, but the OpenAI client insists on one.
    apiKey: config.apiKey ?? "no-key",
    configuration: { baseURL: config.baseUrl },
    maxRetries: 2,
  });
}
