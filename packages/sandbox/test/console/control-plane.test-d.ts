import type {
  ChatRecord,
  ControlPlane,
  KeyRecord,
  LogList,
  RemoteSandbox,
  ResultResponse,
  Sandbox,
  WebhookDelivery,
} from "@clipia/sandbox";
import { connectSandbox, createSandbox } from "@clipia/sandbox";
import { describe, expectTypeOf, it } from "vitest";

describe("the control plane's two faces", () => {
  it("has the same methods in process (values) and over HTTP (promises of them)", () => {
    type Methods = keyof ControlPlane;
    expectTypeOf<keyof RemoteSandbox>().toEqualTypeOf<Methods>();
    expectTypeOf<Sandbox["listKeys"]>().returns.toEqualTypeOf<KeyRecord[]>();
    expectTypeOf<RemoteSandbox["listKeys"]>().returns.toEqualTypeOf<Promise<KeyRecord[]>>();
    expectTypeOf<RemoteSandbox["cancelRequest"]>().returns.toEqualTypeOf<Promise<ResultResponse>>();
    expectTypeOf<Sandbox["webhookDeliveries"]>().returns.toEqualTypeOf<WebhookDelivery[]>();
    expectTypeOf<Sandbox["now"]>().returns.toEqualTypeOf<number>();
    expectTypeOf<Sandbox["listLogs"]>().returns.toEqualTypeOf<LogList>();
    expectTypeOf<RemoteSandbox["listLogs"]>().returns.toEqualTypeOf<Promise<LogList>>();
    expectTypeOf<Sandbox["listChats"]>().returns.toEqualTypeOf<ChatRecord[]>();
    expectTypeOf<RemoteSandbox["listChats"]>().returns.toEqualTypeOf<Promise<ChatRecord[]>>();
    expectTypeOf<ChatRecord["cost"]>().toEqualTypeOf<number>();
    expectTypeOf<RemoteSandbox["now"]>().returns.toEqualTypeOf<Promise<number>>();
  });

  it("types what createKey takes and answers", () => {
    const sandbox = createSandbox();
    expectTypeOf(sandbox.createKey).parameter(1).toHaveProperty("environment").toEqualTypeOf<"live" | "test">();
    expectTypeOf(sandbox.createKey("acc", { name: "k", environment: "test" }))
      .toHaveProperty("secret")
      .toEqualTypeOf<string>();
    // @ts-expect-error: environment is required
    sandbox.createKey("acc", { name: "k" });
    expectTypeOf(connectSandbox("http://127.0.0.1:4010").createAccount())
      .resolves.toHaveProperty("webhook_secret")
      .toEqualTypeOf<string>();
  });

  it("spells every option as on the wire, and reaches the whole sandbox only by name", () => {
    const sandbox = createSandbox();
    const remote = connectSandbox("http://127.0.0.1:4010");
    expectTypeOf<Sandbox["reset"]>().parameter(0).toEqualTypeOf<{ account_id: string }>();
    expectTypeOf<Sandbox["advanceClock"]>().parameter(1).toEqualTypeOf<{ account_id: string }>();
    expectTypeOf<RemoteSandbox["now"]>().parameter(0).toEqualTypeOf<{ account_id?: string } | undefined>();
    expectTypeOf<RemoteSandbox["webhookDeliveries"]>()
      .parameter(0)
      .toEqualTypeOf<{ account_id?: string } | undefined>();
    expectTypeOf(remote.resetAll()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(sandbox.advanceAllClocks(1)).toEqualTypeOf<{ now: string }>();
    // @ts-expect-error: the wire's spelling only
    sandbox.reset({ accountId: "acc" });
    // @ts-expect-error: a whole-sandbox reset is resetAll()
    sandbox.reset();
    // @ts-expect-error: moving every account's clock is advanceAllClocks(ms)
    void remote.advanceClock(1_000);
    // @ts-expect-error: the wire's spelling only
    sandbox.webhookDeliveries({ accountId: "acc" });
    // @ts-expect-error: the request log's options are limit, status and path
    sandbox.listLogs("acc", { statusCode: 422 });
  });

  it("exposes the default account with the wire field names", () => {
    expectTypeOf<Sandbox["account"]>().toEqualTypeOf<{ account_id: string; balance: { credits: number } }>();
    expectTypeOf<Sandbox["keys"]>().toEqualTypeOf<{ live: string; test: string; test_read_only: string }>();
  });
});
