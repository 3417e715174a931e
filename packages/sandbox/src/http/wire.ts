// Wire shapes of the public answers the sandbox builds (SPEC §2), for the control plane's typed returns.

/** A status of SPEC §2. */
export type RequestStatus = "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED" | "FAILED" | "CANCELED";

/** `GET /v1/requests/{request_id}` once terminal. */
export interface ResultResponse {
  request_id: string;
  status: RequestStatus;
  model: string;
  output: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  cost: number;
  created_at: string;
  completed_at: string | null;
}
