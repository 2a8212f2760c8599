import { randomBytes } from 'node:crypto';
import { escapeHtml } from './escape-html';

/** One column of an interactive table: numbers sort as numbers and align right. */
export interface TableColumn {
  name: string;
  numeric: boolean;
}

export interface InteractiveTableOptions {
  caption?: string;
  /** A line under the table, e.g. how to fetch the rows not shown. */
  note?: string;
  /** Rows per page once the script runs (default 10). Without the script every row shows. */
  pageSize?: number;
}

/**
 * A table that sorts (click a header), filters (a search box) and pages, and stays a plain HTML
 * table where scripts do not run: the complete static table comes first, the inline script then
 * adds the controls. Self-contained (inline CSS and script, nothing fetched), so it works offline
 * in JupyterLab, Jupyter Notebook and VS Code when the notebook is trusted; an untrusted notebook
 * (or GitHub, nbviewer) drops the script and shows the static table.
 *
 * Stable hooks for tests and styling: the wrapper `div.etl-table` (`data-enhanced="true"` once the
 * script ran), `table.etl-table-grid`, `input.etl-table-filter`, `button.etl-table-prev` /
 * `.etl-table-next`, `span.etl-table-status` ("rows 1–10 of 37"), `th[aria-sort]`.
 */
export function interactiveTableHtml(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  options: InteractiveTableOptions = {},
): string {
  const id = `etl-table-${randomBytes(6).toString('hex')}`;
  // A cell beyond the declared columns is left unaligned.
  const align = (column: TableColumn | undefined) => (column?.numeric ? ' style="text-align:right"' : '');
  const head = columns
    .map(
      (column) =>
        `<th data-type="${column.numeric ? 'number' : 'text'}"${align(column)}>${escapeHtml(column.name)}</th>`,
    )
    .join('');
  const body = rows
    .map(
      (cells) =>
        `<tr>${cells.map((cell, index) => `<td${align(columns[index])}>${escapeHtml(cell)}</td>`).join('')}</tr>`,
    )
    .join('');
  const caption = options.caption
    ? `<caption style="text-align:left">${escapeHtml(options.caption)}</caption>`
    : '';
  const note = options.note ? `<div class="etl-table-note">${escapeHtml(options.note)}</div>` : '';
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 10));
  return (
    `<div class="etl-table" id="${id}" data-page-size="${pageSize}"><style>${TABLE_STYLES}</style>` +
    `<table class="etl-table-grid">${caption}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>` +
    `${note}<script>${TABLE_SCRIPT.replace('__ID__', id)}</script></div>`
  );
}

const TABLE_STYLES = [
  '.etl-table .etl-table-controls{display:flex;gap:.5em;align-items:center;margin:.3em 0;font:12px system-ui,sans-serif}',
  '.etl-table .etl-table-filter{padding:2px 6px;min-width:14em}',
  '.etl-table th[data-sortable]{cursor:pointer;user-select:none}',
  '.etl-table th[aria-sort=ascending]::after{content:" \\25B2"}',
  '.etl-table th[aria-sort=descending]::after{content:" \\25BC"}',
  '.etl-table .etl-table-note{font:12px system-ui,sans-serif;color:#52606d;margin-top:.3em}',
].join('');

// The enhancement, ES5 so any webview runs it; it reads the rows from the static table it finds by id.
const TABLE_SCRIPT = `(function(){
var root=document.getElementById('__ID__');if(!root||root.getAttribute('data-enhanced'))return;
var table=root.querySelector('table.etl-table-grid'),tbody=table.tBodies[0];
var heads=[].slice.call(table.tHead.rows[0].cells),all=[].slice.call(tbody.rows);
var size=+root.getAttribute('data-page-size')||10,page=0,sortCol=-1,sortDir=1,shown=all;
var text=function(row,i){return row.cells[i]?row.cells[i].textContent:'';};
var bar=document.createElement('div');bar.className='etl-table-controls';
var filter=document.createElement('input');filter.type='search';filter.className='etl-table-filter';
filter.placeholder='Filter rows';filter.setAttribute('aria-label','Filter rows');
var prev=document.createElement('button');prev.type='button';prev.className='etl-table-prev';prev.textContent='\\u2039 Prev';
var next=document.createElement('button');next.type='button';next.className='etl-table-next';next.textContent='Next \\u203A';
var status=document.createElement('span');status.className='etl-table-status';
bar.appendChild(filter);bar.appendChild(prev);bar.appendChild(status);bar.appendChild(next);
root.insertBefore(bar,table);
function compare(a,b){var x=text(a,sortCol),y=text(b,sortCol);
if(heads[sortCol].getAttribute('data-type')==='number'){var p=parseFloat(x),q=parseFloat(y);
if(isNaN(p))return isNaN(q)?0:1;if(isNaN(q))return -1;return (p-q)*sortDir;}
return x.localeCompare(y,undefined,{numeric:true})*sortDir;}
function render(){var needle=filter.value.trim().toLowerCase();
shown=all.filter(function(row){return !needle||row.textContent.toLowerCase().indexOf(needle)>=0;});
if(sortCol>=0)shown=shown.slice().sort(compare);
var pages=Math.max(1,Math.ceil(shown.length/size));if(page>=pages)page=pages-1;
while(tbody.firstChild)tbody.removeChild(tbody.firstChild);
var from=page*size,to=Math.min(shown.length,from+size);
for(var i=from;i<to;i++)tbody.appendChild(shown[i]);
status.textContent=shown.length?'rows '+(from+1)+'\\u2013'+to+' of '+shown.length+(shown.length<all.length?' (filtered from '+all.length+')':''):'no rows match';
prev.disabled=page===0;next.disabled=page>=pages-1;}
heads.forEach(function(th,i){th.setAttribute('data-sortable','');th.setAttribute('aria-sort','none');
th.addEventListener('click',function(){sortDir=sortCol===i?-sortDir:1;sortCol=i;
heads.forEach(function(h){h.setAttribute('aria-sort','none');});
th.setAttribute('aria-sort',sortDir>0?'ascending':'descending');page=0;render();});});
filter.addEventListener('input',function(){page=0;render();});
prev.addEventListener('click',function(){page--;render();});
next.addEventListener('click',function(){page++;render();});
root.setAttribute('data-enhanced','true');render();})();`;
