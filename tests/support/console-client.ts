/** A tiny cookie-keeping HTTP client for console tests: signs in, reads CSRF tokens, posts forms. */
export class ConsoleClient {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(this.baseUrl + path, {
      redirect: "manual",
      headers: { cookie: this.cookieHeader(), ...headers },
    });
    this.keep(response);
    return response;
  }

  async post(
    path: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const response = await fetch(this.baseUrl + path, {
      method: "POST",
      redirect: "manual",
      headers: {
        cookie: this.cookieHeader(),
        "content-type": "application/x-www-form-urlencoded",
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    });
    this.keep(response);
    return response;
  }

  /** Any other method (PUT, PATCH, DELETE) with a JSON body, as a script would send it. */
  async request(
    method: string,
    path: string,
    body: unknown = {},
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const response = await fetch(this.baseUrl + path, {
      method,
      redirect: "manual",
      headers: { cookie: this.cookieHeader(), "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    this.keep(response);
    return response;
  }

  /** GETs a page and returns its text and the CSRF token of its forms. */
  async page(path: string): Promise<{ status: number; text: string; csrf: string }> {
    const response = await this.get(path);
    const text = await response.text();
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(text)?.[1] ?? "";
    return { status: response.status, text, csrf };
  }

  /** POSTs a form with the CSRF token of the page it lives on. */
  async submit(pagePath: string, action: string, form: Record<string, string>): Promise<Response> {
    const { csrf } = await this.page(pagePath);
    return this.post(action, { ...form, _csrf: csrf });
  }

  async login(email: string, password: string): Promise<Response> {
    return this.submit("/console/login", "/console/login", { email, password });
  }
}
