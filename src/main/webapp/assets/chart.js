// A small line chart of recent values on a canvas, scaled to its own maximum.

export function drawSparkline(canvas, values) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth * ratio;
  const height = canvas.clientHeight * ratio;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, width, height);
  if (values.length < 2) return;
  const max = Math.max(1, ...values);
  const step = width / (values.length - 1);
  context.beginPath();
  values.forEach((value, i) => {
    const x = i * step;
    const y = height - 2 * ratio - (value / max) * (height - 4 * ratio);
    if (i === 0) context.moveTo(x, y); else context.lineTo(x, y);
  });
  context.lineWidth = 1.5 * ratio;
  context.strokeStyle = '#2b6de8';
  context.stroke();
  context.lineTo(width, height);
  context.lineTo(0, height);
  context.closePath();
  context.fillStyle = 'rgba(43, 109, 232, 0.08)';
  context.fill();
}
