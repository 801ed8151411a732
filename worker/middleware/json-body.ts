/**
 * @module
 * Reads a JSON request body under MAX_BODY_BYTES (DESIGN.md: 413 over 16 KiB, 415 not JSON, 400
 * malformed). The size is checked before parsing, against Content-Length when it is given and
 * against the bytes actually read in every case (it may be absent or lie). Returns the parsed
 * value or the error Response; it does not throw for bad input.
 */
import * as v from "valibot";
import { MAX_BODY_BYTES } from "../../shared/limits.ts";
import { ApiError, errorResponse } from "../errors.ts";

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** The parsed body, or the error answer. */
export async function readJsonBody(
  req: Request,
  max: number = MAX_BODY_BYTES,
): Promise<{ value: unknown } | Response> {
  if (!JSON_TYPE.test(req.headers.get("Content-Type") ?? "")) {
    return errorResponse("unsupported_media_type", "send the body as application/json");
  }
  const tooLarge = () =>
    errorResponse("body_too_large", `the body is larger than ${max} bytes`, { max });
  const declared = req.headers.get("Content-Length");
  if (declared !== null && Number(declared) > max) return tooLarge();
  const bytes = new Uint8Array(max);
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.byteLength > max) {
        await reader.cancel();
        return tooLarge();
      }
      bytes.set(value, size);
      size += value.byteLength;
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
      bytes.subarray(0, size),
    );
  } catch {
    return errorResponse("bad_json", "the body is not UTF-8 text");
  }
  try {
    return { value: JSON.parse(text) };
  } catch {
    return errorResponse("bad_json", "the body is not valid JSON");
  }
}

/**
 * `value` parsed by a strict-object `schema`, or the 422 naming the field: missing_field,
 * unknown_field, or invalid_type with `shape` (how the body should look) in the message.
 */
export function parseWith<T extends v.GenericSchema>(
  schema: T,
  value: unknown,
  shape: string,
): v.InferOutput<T> {
  if (Array.isArray(value)) throw new ApiError("invalid_type", `the body must be ${shape}`);
  const parsed = v.safeParse(schema, value, { abortEarly: true });
  if (parsed.success) return parsed.output;
  const issue = parsed.issues[0];
  const field = issue?.path?.map((p) => String(p.key)).join(".") ?? "";
  // A missing key of a strict object is a "strict_object" issue too, so test for it first.
  if (issue?.input === undefined && field)
    throw new ApiError("missing_field", `"${field}" is required`, { field });
  if (issue?.type === "strict_object" && field)
    throw new ApiError("unknown_field", `"${field}" is not a known field`, { field });
  throw new ApiError(
    "invalid_type",
    field
      ? `"${field}": ${issue?.message ?? "invalid"}; the body must be ${shape}`
      : `the body must be ${shape}`,
    field ? { field } : undefined,
  );
}
