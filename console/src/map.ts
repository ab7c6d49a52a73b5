/**
 * The map: Leaflet on a plain background (no tile server needed; the demo runs offline), or on
 * the district's tile layer. Coordinates are stored in WGS-84; a GCJ-02 basemap (the Chinese
 * mapping services) gets every point converted with gcoord before it is drawn, so markers sit on
 * the streets of that basemap.
 */
import L from 'leaflet';
import type { ConsoleConfig } from './api.ts';
import { toDatum } from './coords.ts';
import {
  colourOf,
  type Point,
  type SnapshotCenter,
  type SnapshotGap,
  type SubtreeCell,
  shareColour,
} from './model.ts';

export interface MapLayers {
  readonly centers: readonly SnapshotCenter[];
  readonly cells: readonly SubtreeCell[];
  readonly gaps: readonly SnapshotGap[];
  readonly walkMeters: number;
  readonly selectedId: string | null;
  /** The instant falls in a provisional calendar year. */
  readonly provisional: boolean;
}

export interface ConsoleMap {
  draw(layers: MapLayers): void;
  invalidate(): void;
}

const textNode = (text: string): HTMLElement => {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
};

const MARKER_RADIUS: Readonly<Record<string, number>> = { city: 12, district: 11, street: 9, community: 7 };

export function createMap(
  element: HTMLElement,
  basemap: ConsoleConfig['basemap'],
  onSelect: (center: SnapshotCenter) => void,
): ConsoleMap {
  const datum = basemap?.coordinates ?? 'wgs84';
  const toDisplay = (point: Point): L.LatLngTuple => toDatum(point, datum);
  const map = L.map(element, {
    zoomControl: true,
    attributionControl: basemap !== null,
    preferCanvas: false,
  });
  if (basemap !== null)
    L.tileLayer(basemap.url, { attribution: basemap.attribution, maxZoom: 19 }).addTo(map);
  map.setView([31.4, 121.45], 12);
  const cellLayer = L.layerGroup().addTo(map);
  const gapLayer = L.layerGroup().addTo(map);
  const centerLayer = L.layerGroup().addTo(map);
  let fitted = '';
  let bounds: L.LatLngBounds | undefined;

  return {
    draw(layers) {
      cellLayer.clearLayers();
      gapLayer.clearLayers();
      centerLayer.clearLayers();
      for (const cell of layers.cells) {
        L.polygon(
          cell.boundary.map(([lon, lat]) => toDisplay({ lat, lon })),
          {
            className: `cell cell-${cell.cell}`,
            color: '#546e7a',
            weight: 1,
            fillColor: shareColour(cell.share),
            fillOpacity: 0.22,
            interactive: false,
          },
        ).addTo(cellLayer);
      }
      for (const gap of layers.gaps) {
        // the area a resident of the gap's community walks in 15 minutes without finding an open center
        L.circle(toDisplay(gap.location), {
          radius: layers.walkMeters,
          className: `gap-area gap-${gap.id}`,
          color: '#b71c1c',
          weight: 2,
          dashArray: '6 4',
          fillColor: '#e53935',
          fillOpacity: 0.18,
          interactive: false,
        }).addTo(gapLayer);
      }
      for (const center of layers.centers) {
        const colour = colourOf(center, layers.provisional);
        L.circleMarker(toDisplay(center.location), {
          radius: MARKER_RADIUS[center.level] ?? 7,
          className: `center-marker status-${center.status} center-id-${center.id}`,
          color: center.id === layers.selectedId ? '#0d47a1' : '#263238',
          weight: center.id === layers.selectedId ? 4 : 1.5,
          fillColor: colour,
          fillOpacity: 0.95,
        })
          // a node, not a string: Leaflet puts strings in as HTML, and names are typed in by staff
          .bindTooltip(textNode(center.name))
          .on('click', () => onSelect(center))
          .addTo(centerLayer);
      }
      // fit once per set of centers, not on every redraw (a time change keeps the view)
      const key = layers.centers.map((c) => c.id).join(',');
      if (key !== fitted && layers.centers.length > 0) {
        fitted = key;
        bounds = L.latLngBounds(layers.centers.map((c) => toDisplay(c.location))).pad(0.25);
        map.fitBounds(bounds, { maxZoom: 15 });
      }
    },
    invalidate() {
      // a rotated phone or a resized window: the same centers, fitted to the new size
      map.invalidateSize({ animate: false });
      if (bounds !== undefined) map.fitBounds(bounds, { maxZoom: 15, animate: false });
    },
  };
}
