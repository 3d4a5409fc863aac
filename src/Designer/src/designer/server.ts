// Calls to the designer page's server handlers. Every POST carries the page's anti-forgery token.

export interface Problem {
  line: number;
  column: number;
  elementId: string | null;
  message: string;
  severity: 'error' | 'warning';
}

export interface ValidationResult {
  deployable: boolean;
  problems: Problem[];
}

export interface DeployedVersion {
  id: string;
  key: string;
  version: number;
  isNew: boolean;
}

export type DeployResult =
  | { ok: true; deployed: DeployedVersion[] }
  | { ok: false; message: string; problems: Problem[] };

export class DesignerServer {
  constructor(
    private readonly validateUrl: string,
    private readonly deployUrl: string,
    private readonly token: string,
  ) {}

  async validate(xml: string): Promise<ValidationResult> {
    const response = await this.post(this.validateUrl, { xml });
    if (!response.ok) {
      throw new Error(`${response.status} ${response.statusText}`);
    }
    return (await response.json()) as ValidationResult;
  }

  async deploy(xml: string, resourceName: string): Promise<DeployResult> {
    const response = await this.post(this.deployUrl, { xml, resourceName });
    const body = (await response.json()) as { deployed?: DeployedVersion[]; message?: string; problems?: Problem[] };
    if (response.ok && body.deployed) {
      return { ok: true, deployed: body.deployed };
    }
    return { ok: false, message: body.message ?? `${response.status} ${response.statusText}`, problems: body.problems ?? [] };
  }

  private post(url: string, fields: Record<string, string>): Promise<Response> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      form.append(name, value);
    }
    form.append('__RequestVerificationToken', this.token);
    return fetch(url, { method: 'POST', body: form, credentials: 'same-origin' });
  }
}
