import "server-only";
import type { ReactNode } from "react";
import { isLabError } from "@/lib/errors";
import { redactForLearner } from "@/lib/errors/redact";
import { ServiceUnavailable } from "@/lib/ui/ServiceUnavailable";

/**
 * Renders a page, or, when a service it needs is out of reach (the app
 * database above all), a page that says which and what to do, instead of
 * Next's bare "This page couldn't load". Anything else (notFound(),
 * unauthorized(), a bug) propagates as before.
 */
export async function renderOrUnavailable(page: string, render: () => Promise<ReactNode>): Promise<ReactNode> {
  try {
    return await render();
  } catch (e) {
    if (isLabError(e) && e.code === "unavailable") return <ServiceUnavailable message={redactForLearner(e.message, `page ${page}`)} />;
    throw e;
  }
}
