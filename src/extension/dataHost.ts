// What the Data view's commands share: the projects, the image panel, where DVC is, and the
// folder Comparison shown at the top of the view.
import type { DataImagePanel } from '../views/dataImage/panel';
import type { DataService } from './dataService';
import type { LaunchEnvironment } from './launchEnvironment';

/** A version picked for a comparison: a revision, or the workspace (no rev). */
export interface PickedVersion {
  rev?: string;
  label: string;
}

export interface DataHost {
  service: DataService;
  images: DataImagePanel;
  environment: LaunchEnvironment;
  /** Compares a folder between two versions and shows it as the view's Comparison node. */
  compareFolder(root: string, key: string, first: PickedVersion, second: PickedVersion): Promise<void>;
  /** Re-reads the Comparison (after a fetch brought objects). */
  refreshComparison(): Promise<void>;
}
