import type * as vscode from 'vscode';
import { applyFixCommand } from '../codeActions/applyFix';
import { chooseCaCommand } from '../codeActions/chooseCa';
import { convertDerToPemCommand } from '../codeActions/convertDerToPem';
import type { Ctx } from '../ctx';
import { diagnoseCommand } from './diagnose';
import { diagnoseAllCommand } from './diagnoseAll';
import { diagnoseAtCursorCommand } from './diagnoseAtCursor';
import { explainErrorCommand } from './explainError';
import { exportReportCommand } from './exportReport';
import { forgetPasswordCommand } from './forgetPassword';
import { generateCertificatesCommand } from './generateCertificates';
import { goToDefinitionCommand } from './goToDefinition';
import { refreshCommand } from './refresh';
import { showCertificateCommand } from './showCertificate';
import { showFindingCommand } from './showFinding';

export function registerCommands(ctx: Ctx): vscode.Disposable[] {
  return [
    diagnoseCommand(ctx),
    diagnoseAllCommand(ctx),
    diagnoseAtCursorCommand(ctx),
    explainErrorCommand(ctx),
    showCertificateCommand(ctx),
    refreshCommand(ctx),
    goToDefinitionCommand(ctx),
    showFindingCommand(ctx),
    chooseCaCommand(ctx),
    convertDerToPemCommand(ctx),
    applyFixCommand(ctx),
    forgetPasswordCommand(ctx),
    generateCertificatesCommand(ctx),
    exportReportCommand(ctx),
  ];
}
