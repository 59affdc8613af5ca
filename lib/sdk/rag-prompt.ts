/** The default grounded-answer prompt; learners may pass their own with the same placeholders. */
export const DEFAULT_RAG_TEMPLATE = `Answer the question using only the numbered transcript excerpts below.
After each sentence, cite the excerpts it relies on as [1], [2], ...
If the excerpts do not contain the answer, say that you cannot tell from them.

Excerpts:
{context}

Question: {question}
Answer:`;

export function fillRagTemplate(template: string, context: string, question: string): string {
  for (const placeholder of ["{context}", "{question}"]) {
    if (!template.includes(placeholder)) throw new Error(`The prompt template needs a ${placeholder} placeholder`);
  }
  return template.replaceAll("{context}", context).replaceAll("{question}", question);
}

/** Passages as the prompt numbers them, so `[n]` in an answer points at the n-th source. */
export function numberedContext(passages: readonly string[]): string {
  return passages.map((text, i) => `[${i + 1}] ${text}`).join("\n\n");
}
