package org.tessera.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

import net.imglib2.img.cell.Cell;

/**
 * A bounded, thread-safe cache of the cells of a lazily loaded image (for
 * ImgLib2's {@code LazyCellImg}): cells are loaded on first use and the least
 * recently used ones are dropped beyond {@code capacity}, so memory stays
 * bounded however large the image is. A cell may be loaded twice when two
 * threads ask for it at once; both copies are equal.
 */
public final class CellCache<A> {

	private final LongFunction<Cell<A>> loader;
	private final Map<Long, Cell<A>> cells;

	public CellCache(final int capacity, final LongFunction<Cell<A>> loader) {
		if (capacity < 1) throw new IllegalArgumentException("cache capacity must be >= 1, got " + capacity);
		this.loader = loader;
		this.cells = new LinkedHashMap<>(16, 0.75f, true) {
			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(final Map.Entry<Long, Cell<A>> eldest) {
				return size() > capacity;
			}
		};
	}

	/** The cell with this flat grid index, loaded if needed. */
	public Cell<A> get(final long index) {
		synchronized (cells) {
			final Cell<A> c = cells.get(index);
			if (c != null) return c;
		}
		final Cell<A> c = loader.apply(index);
		synchronized (cells) {
			cells.put(index, c);
		}
		return c;
	}

	/** Number of cells held now. */
	public int size() {
		synchronized (cells) {
			return cells.size();
		}
	}
}
