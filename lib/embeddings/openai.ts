import { OpenAIEmbeddings } from "@langchain/openai";
import { LabError } from "../errors";
import { countTokens } from "../chunking/tokens";
import { classifyLlmError } from "../llm/errors";
import { metered } from "../quotas/policy";

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

/**
 * An OpenAI-compatible server without an embeddings endpoint (many chat-only
 * local servers) answers 404; that and other upstream failures become
 * LabErrors naming the endpoint: 502 when the server answered wrongly, 503
 * when it could not be reached or refused the key.
 */
export function embeddingsError(error: unknown, endpoint: string): unknown {
  const failure = classifyLlmError(error);
  if (!failure) return error;
  if (failure.status === 404) {
    return new LabError("bad_gateway", `The embeddings endpoint ${endpoint} does not exist on this server (HTTP 404). Use a server that serves embeddings, or set RAGCAMP_EMBEDDINGS=use-lite.`);
  }
  const answered = failure.status !== undefined && failure.status !== 401 && failure.status !== 403 && failure.status !== 429;
  return new LabError(answered ? "bad_gateway" : "unavailable", `Embedding with ${endpoint} failed: ${failure.message}`, undefined, failure.retryAfterMs === undefined ? undefined : failure.retryAfterMs / 1000);
}

class ClassifiedOpenAIEmbeddings extends OpenAIEmbeddings {
  constructor(
    fields: ConstructorParameters<typeof OpenAIEmbeddings>[0],
    private readonly endpoint: string,
  ) {
    super(fields);
  }

  // Tokens sent here count against a learner's quota; the reply's usage is not passed on, so the tokenizer's count is charged.
  override async embedDocuments(texts: string[]): Promise<number[][]> {
    return metered(embeddingCost(texts), () => super.embedDocuments(texts)).catch((e: unknown) => Promise.reject(embeddingsError(e, this.endpoint)));
  }

  override async embedQuery(text: string): Promise<number[]> {
    return metered(embeddingCost([text]), () => super.embedQuery(text)).catch((e: unknown) => Promise.reject(embeddingsError(e, this.endpoint)));
  }
}

const embeddingCost = (texts: string[]) => ({ prompt: texts.reduce((sum, t) => sum + countTokens(t), 0), maxOutput: 0 });

export function createOpenAIEmbeddings(config: OpenAIEmbedderConfig): OpenAIEmbeddings {
  if (!config.apiKey && !config.baseUrl) {
    throw new LabError(
      "unavailable",
      "OpenAI embeddings are selected but not configured: set OPENAI_API_KEY, or OPENAI_BASE_URL for an OpenAI-compatible server.",
    );
  }
  const endpoint = `${(config.baseUrl ?? "https://api.openai.com/v1").replace(/\/$/, "")}/embeddings`;
  return new ClassifiedOpenAIEmbeddings(
    {
      model: config.model,
      dimensions: config.dimensions,
      // Local servers usually need no key, but the OpenAI client insists on one.
      apiKey: config.apiKey ?? "no-key",
      configuration: { baseURL: config.baseUrl },
      maxRetries: 2,
    },
    endpoint,
  );
}
