/**
 * Route plugins of `gatewatch serve`, registered after the built-in routes (see the comment at the
 * top of app.ts for what a plugin receives). The live dashboard adds its registrar here.
 */
import type { RouteRegistrar } from './app.ts';
import { registerDashboard } from './dashboard.ts';

export const ROUTE_PLUGINS: readonly RouteRegistrar[] = [registerDashboard];
