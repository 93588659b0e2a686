import * as vscode from 'vscode';

export const SCHEME = 'tls-doctor';

/**
 * Explanations, certificates and error explanations open as read-only virtual documents: nothing
 * asks to be saved on close, and each subject (this finding of this connection, this connection's
 * certificate) has one document, refreshed in place when shown again.
 */
export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);

  /** `redact` masks every password the extension knows of (Ctx.redact) in what is shown. */
  constructor(private readonly redact: (text: string) => string) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** `subject` names the document (its tab title); `.md` subjects open as Markdown. */
  async show(subject: string, content: string): Promise<vscode.TextEditor> {
    const uri = uriOf(subject);
    const known = this.contents.has(uri.toString());
    content = this.redact(content);
    this.contents.set(uri.toString(), content);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (known && doc.getText() !== content) await this.refreshed(doc, content);
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  /** Tells VS Code the content changed and waits (briefly) until the open document shows it. */
  private async refreshed(doc: vscode.TextDocument, content: string): Promise<void> {
    const seen = new Promise<void>((resolve) => {
      const timer = setTimeout(done, 2000);
      const sub = vscode.workspace.onDidChangeTextDocument((e) => e.document === doc && doc.getText() === content && done());
      function done(): void {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
    this.changed.fire(doc.uri);
    await seen;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}

/** A file name for a subject: path separators and other awkward characters become `_`. */
export function uriOf(subject: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: `/${subject.replace(/[\\/:*?"<>|#%\s]+/g, '_')}` });
}
