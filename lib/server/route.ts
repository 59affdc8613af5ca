import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { isLabError, LabError } from "@/lib/errors";

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<unknown>;

/**
 * Wraps a route handler: validated input in, JSON out, and one mapping from
 * errors to status codes. Unknown errors are logged and reported without
 * internals.
 */
export function route<P>(handler: Handler<P>) {
  return async (req: Request, ctx: { params: Promise<P> }) => {
    try {
      const result = await handler(req, ctx);
      // Handlers return data (sent as JSON) or a ready Response (e.g. a CSV download).
      return result instanceof Response ? result : NextResponse.json(result ?? { ok: true });
    } catch (e) {
      if (isLabError(e)) return errorResponse(e.status, e.code, e.message);
      if (e instanceof z.ZodError) return errorResponse(400, "bad_input", z.prettifyError(e));
      console.error(e);
      return errorResponse(500, "internal", "The server failed to handle this request; see the server log.");
    }
  };
}

function errorResponse(status: number, code: string, message: string) {
  return NextResponse.json({ error: { code, message } }, { status });
}

/** Reads a JSON body no larger than `maxBytes` and validates it. */
export async function jsonBody<T>(req: Request, schema: z.ZodType<T>, maxBytes: number): Promise<T> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new LabError("too_large", `Request body over ${maxBytes} bytes`);
  const text = await req.text();
  if (text.length > maxBytes) throw new LabError("too_large", `Request body over ${maxBytes} bytes`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new LabError("bad_input", "Request body is not valid JSON");
  }
  return schema.parse(data);
}
