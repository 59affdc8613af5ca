import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";

/** Lesson prose. Raw HTML in Markdown is not rendered (react-markdown's default). */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="prose">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={{ a: ({ href, children }) => <a href={href} target={href?.startsWith("http") ? "_blank" : undefined} rel="noreferrer">{children}</a> }}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
