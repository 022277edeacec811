// Pixel-by-pixel operations on float arrays.

// 255 where lower <= v <= upper, 0 elsewhere.
__kernel void in_range(__global float* data, const float lower, const float upper, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  const float v = data[i];
  data[i] = (v >= lower && v <= upper) ? 255.0f : 0.0f;
}
