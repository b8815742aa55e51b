package dev.crucible.io;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectBufferPoolTest {
    @Test
    void handsOutDirectBuffersOfThePowerOfTwoClassAndReusesThem() {
        DirectBufferPool pool = new DirectBufferPool(1 << 20, 4);
        ByteBuffer first = pool.acquire(3000);
        assertThat(first.isDirect()).isTrue();
        assertThat(first.capacity()).isEqualTo(4096);
        assertThat(first.limit()).isEqualTo(3000);
        assertThat(first.position()).isZero();
        pool.release(first);
        ByteBuffer again = pool.acquire(4000);
        assertThat(again).isSameAs(first);
        assertThat(again.limit()).isEqualTo(4000);
        assertThat(pool.acquire(1).capacity()).isEqualTo(1024);
    }

    @Test
    void refusesSizesAndBuffersOutsideThePool() {
        DirectBufferPool pool = new DirectBufferPool(64 * 1024, 4);
        assertThatThrownBy(() -> pool.acquire(64 * 1024 + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.acquire(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.release(ByteBuffer.allocate(4096))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.release(ByteBuffer.allocateDirect(3000))).isInstanceOf(IllegalArgumentException.class);
    }
}
