// The read-only `mlops-lens-data:` file system: one version of a tracked file, its bytes served from
// the DVC cache (by hash) or from Git objects (by commit), so VS Code's own diff editor can show
// it. Every write is refused; nothing here touches the user's files.
import * as vscode from 'vscode';
import { DataError } from '../core/data/model';
import {
  DATA_SCHEME,
  decodeSpec,
  encodeSpec,
  readVersionBytes,
  type ContentSpec,
} from '../views/data/dataContent';
import type { DataService } from './dataService';

export function dataUri(spec: ContentSpec): vscode.Uri {
  return vscode.Uri.from({ scheme: DATA_SCHEME, path: `/${spec.key}`, query: encodeSpec(spec) });
}

export class DataFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly service: Pick<DataService, 'history'>) {}

  watch(): vscode.Disposable {
    // Versions never change: a hash or a commit names fixed bytes.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const bytes = await this.readFile(uri);
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: 0,
      size: bytes.byteLength,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const spec = decodeSpec(uri.query);
    if (!spec) throw vscode.FileSystemError.FileNotFound(uri);
    try {
      return await readVersionBytes(spec, (root, sha, key) => this.service.history(root).gitBytes(sha, key));
    } catch (error) {
      if (error instanceof DataError) {
        throw vscode.FileSystemError.FileNotFound(`${error.path}: ${error.reason}`);
      }
      throw error;
    }
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
