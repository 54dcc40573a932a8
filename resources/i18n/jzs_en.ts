<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>BasicInfoPage</name>
    <message>
        <location filename="../../ui/pages/basic.py" line="27" />
        <source>基本信息</source>
        <translation>Basic information</translation>
    </message>
    <message>
        <location filename="../../ui/pages/basic.py" line="28" />
        <source>按平台“基本信息”栏目填写。修改姓名或身份证号码时，这里填写平台上现有的记录。</source>
        <translation>As in the platform's 基本信息 section. For a name or ID correction, enter the record as it is on the platform now.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/basic.py" line="138" />
        <source>地区码未知</source>
        <translation>unknown region code</translation>
    </message>
    <message>
        <location filename="../../ui/pages/basic.py" line="139" />
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <location filename="../../ui/pages/basic.py" line="140" />
        <source>女</source>
        <translation>female</translation>
    </message>
    <message>
        <location filename="../../ui/pages/basic.py" line="141" />
        <source>✓ 校验通过：%s，出生 %s，%s</source>
        <translation>✓ Valid: %s, born %s, %s</translation>
    </message>
</context>
<context>
    <name>ChangesPage</name>
    <message>
        <location filename="../../ui/pages/changes.py" line="23" />
        <source>选择修改类型</source>
        <translation>Choose what to change</translation>
    </message>
    <message>
        <location filename="../../ui/pages/changes.py" line="24" />
        <source>可多选。所选类型决定哪些内容必须填写、可以上传或不能上传。</source>
        <translation>Choose one or more. The choice decides what must, may and must not be filled in or uploaded.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/changes.py" line="32" />
        <source>注意：</source>
        <translation>Note: </translation>
    </message>
    <message>
        <location filename="../../ui/pages/changes.py" line="41" />
        <source>将要准备的内容</source>
        <translation>What will be prepared</translation>
    </message>
    <message>
        <location filename="../../ui/pages/changes.py" line="70" />
        <source>请至少选择一项。</source>
        <translation>Choose at least one.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/changes.py" line="78" />
        <source>基本信息：全部必填（带 * 的项目）。</source>
        <translation>Basic information: every field (marked *) is required.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/changes.py" line="79" />
        <source>修改信息：请填写正确的姓名或证件号，以及情况说明。</source>
        <translation>修改信息 (correction): the correct name or ID number, and an explanation.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/changes.py" line="80" />
        <source>修改信息：请勿填写。</source>
        <translation>修改信息 (correction): leave empty.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/changes.py" line="81" />
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../ui/pages/changes.py" line="82" />
        <source>必须上传：%s。</source>
        <translation>Must upload: %s.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/changes.py" line="83" />
        <source>可以上传：%s。</source>
        <translation>May upload: %s.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/changes.py" line="84" />
        <source>不要上传：%s。</source>
        <translation>Do not upload: %s.</translation>
    </message>
</context>
<context>
    <name>CommitmentPage</name>
    <message>
        <location filename="../../ui/pages/finish.py" line="21" />
        <source>个人承诺</source>
        <translation>Personal commitment</translation>
    </message>
    <message>
        <location filename="../../ui/pages/finish.py" line="22" />
        <source>请仔细阅读下列承诺条款，确认无误后方可提交。</source>
        <translation>Read the commitment carefully; it must be given before submitting.</translation>
    </message>
</context>
<context>
    <name>ConfirmationsView</name>
    <message>
        <location filename="../../ui/widgets/confirmations.py" line="26" />
        <source>请亲自查看处理后的照片，逐项确认（这几项程序无法可靠判断）：</source>
        <translation>Look at the finished photo yourself and confirm each item (no program can judge these reliably):</translation>
    </message>
</context>
<context>
    <name>CorrectionPage</name>
    <message>
        <location filename="../../ui/pages/correction.py" line="22" />
        <source>修改信息</source>
        <translation>Correction (修改信息)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/correction.py" line="23" />
        <source>历史注册记录未正确对应，请务必填写当前有效的证件信息。</source>
        <translation>The registration record does not match: enter the currently valid identity details.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/correction.py" line="33" />
        <source>例如：身份证号码由 15 位升为 18 位；或经派出所更正姓名，附证明材料。</source>
        <translation>E.g.: the ID number was upgraded from 15 to 18 digits; or the name was corrected by the police station, with a certificate.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/correction.py" line="36" />
        <source>平台现有记录 → 正确信息</source>
        <translation>Record on the platform → correct details</translation>
    </message>
    <message>
        <location filename="../../ui/pages/correction.py" line="38" />
        <source>现有记录（基本信息）</source>
        <translation>Current record (基本信息)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/correction.py" line="39" />
        <source>正确信息（修改信息）</source>
        <translation>Correct details (修改信息)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/correction.py" line="40" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/pages/correction.py" line="42" />
        <source>证件号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/pages/correction.py" line="54" />
        <source>正确的姓名</source>
        <translation>Correct name</translation>
    </message>
    <message>
        <location filename="../../ui/pages/correction.py" line="55" />
        <source>正确的证件号</source>
        <translation>Correct ID number</translation>
    </message>
    <message>
        <location filename="../../ui/pages/correction.py" line="71" />
        <location filename="../../ui/pages/correction.py" line="72" />
        <source>（未填写）</source>
        <translation>(not filled in)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/correction.py" line="89" />
        <source>%d 字（至少 %d 字，建议不超过 %d 字）</source>
        <translation>%d characters (at least %d, preferably no more than %d)</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../ui/widgets/date_field.py" line="29" />
        <source>例如 2008-07-01（也可输入 2008.7.1 或 20080701）</source>
        <translation>e.g. 2008-07-01 (2008.7.1 or 20080701 work too)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/date_field.py" line="32" />
        <source>日历…</source>
        <translation>Calendar…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/date_field.py" line="33" />
        <source>在日历中选择日期</source>
        <translation>Pick the date in a calendar</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <location filename="../../ui/pages/export.py" line="64" />
        <source>检查并导出</source>
        <translation>Check and export</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="94" />
        <source>另存案件文件…</source>
        <translation>Save case file as…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="95" />
        <source>导出材料包…</source>
        <translation>Export the bundle…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="96" />
        <source>生成按上传位置命名的文件、填写内容和打印清单（文件夹和 zip）</source>
        <translation>Make the files named for their upload buttons, the values to type and the printable checklist (folder and zip)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="97" />
        <source>打开文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="98" />
        <source>打印清单…</source>
        <translation>Print checklist…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="142" />
        <source>还有 %d 个错误需要改正（点击“上一步”回到相应页面）。</source>
        <translation>%d error(s) still to correct (use Back to return to the page).</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="65" />
        <source>下面是对整个案件的检查结果。错误必须改正；每个警告请查看后勾选确认。</source>
        <translation>The check of the whole case. Errors must be corrected; look at each warning and tick it to confirm.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="110" />
        <source>材料包所在的文件夹</source>
        <translation>Folder of the bundle</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="111" />
        <source>复制路径</source>
        <translation>Copy path</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="144" />
        <source>没有错误。还有 %d 个警告：请逐一查看，勾选“已确认”。</source>
        <translation>No errors. %d warning(s) left: look at each and tick “Confirmed”.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="146" />
        <source>检查通过，没有发现问题。</source>
        <translation>All checks passed.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="165" />
        <source>将导出的文件：</source>
        <translation>Files to be exported:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="171" />
        <source>材料包中的文件：</source>
        <translation>Files in the bundle:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="179" />
        <source>还有未确认的警告</source>
        <translation>Warnings not confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="180" />
        <source>还有 %d 个警告没有勾选“已确认”。仍要导出吗？（警告会印在清单上，提交前请本人核对）</source>
        <translation>%d warning(s) are not ticked as confirmed. Export anyway? (The warnings are printed on the checklist; the applicant should check them before submitting.)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="183" />
        <source>选择保存材料包的文件夹</source>
        <translation>Choose the folder for the bundle</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="189" />
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="209" />
        <source>不能导出，请先改正：</source>
        <translation>Cannot export yet; correct these first:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="211" />
        <source>导出失败：%s</source>
        <translation>Export failed: %s</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="213" />
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="222" />
        <source>已导出到：%s
提交前请按清单逐项核对。</source>
        <translation>Exported to: %s
Go through the checklist before submitting.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="231" />
        <source>这台电脑无法自动打开文件夹。材料包在下面的文件夹里，可复制路径后在文件管理器中打开：</source>
        <translation>This computer cannot open the folder by itself. The bundle is in the folder below; copy the path and open it in your file manager:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="249" />
        <source>另存案件文件</source>
        <translation>Save case file as</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="255" />
        <source>无法保存</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="255" />
        <source>无法保存到 %s：%s</source>
        <translation>Cannot save to %s: %s</translation>
    </message>
</context>
<context>
    <name>FileList</name>
    <message>
        <location filename="../../ui/widgets/file_list.py" line="65" />
        <source>%.1f KB</source>
        <translation>%.1f KB</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/file_list.py" line="67" />
        <source>（文件不在）</source>
        <translation>(file missing)</translation>
    </message>
</context>
<context>
    <name>ForbiddenBar</name>
    <message>
        <location filename="../../ui/widgets/forbidden.py" line="25" />
        <source>移除这些内容</source>
        <translation>Remove these</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/forbidden.py" line="26" />
        <source>撤销移除</source>
        <translation>Undo removal</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/forbidden.py" line="46" />
        <source>所选的修改类型不允许以下内容，它们不会被导出，请移除：%s。</source>
        <translation>The chosen kind of change does not allow the following; they will not be exported, please remove them: %s.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/forbidden.py" line="48" />
        <source>已移除与所选修改类型不符的内容。</source>
        <translation>What the chosen kind of change does not allow was removed.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/forbidden.py" line="58" />
        <source>修改信息：%s</source>
        <translation>Correction: %s</translation>
    </message>
</context>
<context>
    <name>ImageSlot</name>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="59" />
        <source>上传项：%s</source>
        <translation>Upload slot: %s</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="69" />
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="70" />
        <source>向左旋转</source>
        <translation>Rotate left</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="71" />
        <source>向右旋转</source>
        <translation>Rotate right</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="72" />
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="73" />
        <source>撤销调整</source>
        <translation>Undo adjustment</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="74" />
        <source>退回上一次的旋转、框选或浓淡调整（Ctrl+Z）</source>
        <translation>Step back to before the last rotation, box, ink strength or eraser change (Ctrl+Z)</translation>
    </message>
    <message>
        <source>取消框选</source>
        <translation>Clear the box</translation>
    </message>
    <message>
        <source>在原图上拖出一个框只处理框内的签名；点这里恢复处理整张图</source>
        <translation>Drag a box on the original to process only the signature inside it; click here to process the whole picture again</translation>
    </message>
    <message>
        <source>橡皮擦</source>
        <translation>Eraser</translation>
    </message>
    <message>
        <source>按下后在处理结果上拖动鼠标，擦掉多余的污点或线条；可撤销</source>
        <translation>When on, drag over the result to rub out stray specks or lines; can be undone</translation>
    </message>
    <message>
        <source>笔迹浓淡</source>
        <translation>Ink strength</translation>
    </message>
    <message>
        <source>向右：保留更淡的笔迹（笔画断开时）；向左：只保留更深的笔迹（有污点或阴影时）</source>
        <translation>Right: keep fainter ink (when strokes are broken); left: keep only darker ink (when specks or shadows are left)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="82" />
        <source>背景替换为白色</source>
        <translation>Replace background with white</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="84" />
        <source>从身份证填入</source>
        <translation>Fill in from the ID card</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="85" />
        <source>把从身份证上识别出的姓名、号码等填入尚未填写的栏目</source>
        <translation>Copy the name, number etc. read off the ID card into fields that are still empty</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="92" />
        <source>正在处理</source>
        <translation>Processing</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="94" />
        <source>把照片拖到这里，或点击“选择文件…”</source>
        <translation>Drop a picture here, or click "Choose file…"</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="95" />
        <location filename="../../ui/widgets/image_slot.py" line="109" />
        <source>原图</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="97" />
        <source>处理结果</source>
        <translation>Processed picture</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="109" />
        <source>原图（可拖动鼠标框出要处理的那个签名）</source>
        <translation>Original (drag a box round the signature to process)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="111" />
        <source>处理后（将上传的文件）</source>
        <translation>Processed (the file to upload)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="188" />
        <source>选择%s的照片或扫描件</source>
        <translation>Choose the picture or scan for %s</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="343" />
        <source>处理失败</source>
        <translation>Processing failed</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="344" />
        <source>处理“%s”时出错：%s。请换一张照片再试。</source>
        <translation>Processing "%s" failed: %s. Please try another picture.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="349" />
        <source>正在处理，请稍候…</source>
        <translation>Processing, please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="374" />
        <location filename="../../ui/widgets/image_slot.py" line="379" />
        <source>文件：%s</source>
        <translation>File: %s</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="361" />
        <source>尚未选择文件</source>
        <translation>No file chosen yet</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="375" />
        <source>文件：%s（第 %d 页）</source>
        <translation>File: %s (page %d)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="398" />
        <source>未通过检查，不会上传：请看下方提示</source>
        <translation>Did not pass the checks and will not be uploaded: see the notes below</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/image_slot.py" line="401" />
        <source>没有可上传的结果，请看下方提示</source>
        <translation>No file to upload: see the messages below</translation>
    </message>
</context>
<context>
    <name>MaterialsWizard</name>
    <message>
        <location filename="../../ui/main_window.py" line="43" />
        <source>建造师材料助手 — 一级建造师执业资格认定（个人信息修改）</source>
        <translation>Constructor Materials Assistant — 一级建造师执业资格认定（个人信息修改）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84" />
        <source>大字</source>
        <translation>Large text</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84" />
        <source>放大全部文字，便于阅读</source>
        <translation>Enlarge all text for easier reading</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="56" />
        <source>免冠证件照</source>
        <translation>One-inch photo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="57" />
        <source>一寸白底免冠照：295×413 像素，白色背景，只有本人一张脸。</source>
        <translation>One-inch photo: 295×413 pixels, white background, only your own face.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="58" />
        <source>手写签名</source>
        <translation>Handwritten signature</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="59" />
        <source>白纸黑字，字体清晰工整，文字居中。</source>
        <translation>Black ink on white paper, clear and neat, centred.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="60" />
        <source>身份证明材料</source>
        <translation>Identity documents</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="61" />
        <source>身份证正面、背面和手持身份证照：修改姓名或身份证号码时必须重新上传。</source>
        <translation>ID card front, back and a photo holding it: required for a name or ID correction.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="72" />
        <source>无法保存草稿</source>
        <translation>Cannot save the draft</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="82" />
        <source>回到“开始”页（草稿已自动保存），可打开排队列表中的其他案件</source>
        <translation>Back to the Start page (the draft is saved automatically) to open another case of the queue</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="83" />
        <source>开始下一位申请人：打开列表中最早的未导出案件，没有时新建（沿用当前的修改类型）</source>
        <translation>Start the next applicant: open the oldest case not yet exported, or a new one (with the current kind of change)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="85" />
        <source>回到开始</source>
        <translation>Back to start</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="85" />
        <source>下一位</source>
        <translation>Next applicant</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="114" />
        <source>帮助：%s</source>
        <translation>Help: %s</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="114" />
        <source>本页没有帮助内容。</source>
        <translation>No help for this page.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151" />
        <source>（未填写姓名）</source>
        <translation>(no name yet)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="152" />
        <source>关闭建造师材料助手</source>
        <translation>Close the materials wizard</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153" />
        <source>关闭程序？“%s”的案件已自动保存为草稿，下次打开后可在“开始”页的列表中继续。</source>
        <translation>Close the program? The case of “%s” is saved as a draft; next time continue it from the list on the Start page.</translation>
    </message>
</context>
<context>
    <name>ProofPage</name>
    <message>
        <location filename="../../ui/pages/uploads.py" line="103" />
        <source>证明材料</source>
        <translation>Supporting documents</translation>
    </message>
    <message>
        <location filename="../../ui/pages/uploads.py" line="104" />
        <source>身份证号非正常升位，或更改姓名的情况，请上传公安或人考部门出具的证明材料（非必须）。</source>
        <translation>If the ID number was not a regular 15→18 upgrade, or the name changed, upload a certificate from the police or the personnel-exam office (optional).</translation>
    </message>
    <message>
        <location filename="../../ui/pages/uploads.py" line="105" />
        <source>添加证明材料…</source>
        <translation>Add a document…</translation>
    </message>
</context>
<context>
    <name>SignatureTools</name>
    <message>
        <location filename="../../ui/widgets/adjustments.py" line="50" />
        <location filename="../../ui/widgets/adjustments.py" line="56" />
        <source>笔迹浓淡</source>
        <translation>Ink strength</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/adjustments.py" line="57" />
        <source>向右：保留更淡的笔迹（笔画断开时）；向左：只保留更深的笔迹（有污点或阴影时）</source>
        <translation>Right: keep fainter ink (when strokes are broken); left: keep only darker ink (when specks or shadows are left)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/adjustments.py" line="59" />
        <source>橡皮擦</source>
        <translation>Eraser</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/adjustments.py" line="61" />
        <source>按下后在处理结果上拖动鼠标，擦掉多余的污点或线条；可撤销</source>
        <translation>When on, drag over the result to rub out stray specks or lines; can be undone</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/adjustments.py" line="62" />
        <source>取消框选</source>
        <translation>Clear the box</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/adjustments.py" line="63" />
        <source>在原图上拖出一个框只处理框内的签名；点这里恢复处理整张图</source>
        <translation>Drag a box on the original to process only the signature inside it; click here to process the whole picture again</translation>
    </message>
</context>
<context>
    <name>SlotsPage</name>
    <message>
        <location filename="../../ui/pages/uploads.py" line="58" />
        <source>必须上传</source>
        <translation>required</translation>
    </message>
    <message>
        <location filename="../../ui/pages/uploads.py" line="59" />
        <source>可选</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../../ui/pages/uploads.py" line="60" />
        <source>不要上传</source>
        <translation>do not upload</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../../ui/pages/start.py" line="37" />
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="38" />
        <source>新建一个案件，继续上次的草稿，或从排队列表中选择下一位申请人。</source>
        <translation>Start a new case, continue a draft, or pick the next applicant from the queue.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="42" />
        <source>恢复该案件</source>
        <translation>Restore that case</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="48" />
        <source>新建案件</source>
        <translation>New case</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="49" />
        <source>打开案件文件…</source>
        <translation>Open case file…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="52" />
        <source>申报人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="52" />
        <source>身份证号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="52" />
        <source>修改类型</source>
        <translation>Kind of change</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="52" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="52" />
        <source>修改时间</source>
        <translation>Modified</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="58" />
        <source>已保存的案件（排队列表）</source>
        <translation>Saved cases (queue)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="59" />
        <source>打开所选</source>
        <translation>Open selected</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="60" />
        <source>下一位</source>
        <translation>Next applicant</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="61" />
        <source>打开列表中最早的一个尚未导出的案件</source>
        <translation>Open the oldest case in the list that has not been exported</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="62" />
        <source>删除所选</source>
        <translation>Delete selected</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="79" />
        <source>已保存的案件：</source>
        <translation>Saved cases:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="108" />
        <source>上次程序没有正常关闭。草稿已自动保存，可以继续编辑该案件。</source>
        <translation>The program did not close normally last time. The draft was saved automatically; you can continue with that case.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="128" />
        <source>（未填写）</source>
        <translation>(not filled in)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="145" />
        <source>（未选择）</source>
        <translation>(none chosen)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="149" />
        <source>缺少内容</source>
        <translation>Incomplete</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="150" />
        <source>有错误</source>
        <translation>Has errors</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="151" />
        <source>可导出</source>
        <translation>Ready to export</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="152" />
        <source>已导出</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="153" />
        <source>无法读取</source>
        <translation>Unreadable</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="162" />
        <location filename="../../ui/pages/start.py" line="199" />
        <source>（未填写姓名）</source>
        <translation>(no name yet)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="163" />
        <source>当前案件：%s。点击“下一步”继续。</source>
        <translation>Current case: %s. Click Next to continue.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="165" />
        <source>请新建案件或打开一个已保存的案件。</source>
        <translation>Start a new case or open a saved one.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="181" />
        <location filename="../../ui/pages/start.py" line="224" />
        <source>无法打开</source>
        <translation>Cannot open</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="200" />
        <source>删除案件</source>
        <translation>Delete case</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="201" />
        <source>删除“%s”的案件？草稿和处理后的照片都会被删除，无法恢复。</source>
        <translation>Delete the case of "%s"? Its draft and processed pictures will be deleted for good.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="209" />
        <source>打开案件文件</source>
        <translation>Open case file</translation>
    </message>
    <message>
        <location filename="../../ui/pages/start.py" line="215" />
        <source>无法打开案件文件</source>
        <translation>Cannot open the case file</translation>
    </message>
</context>
<context>
    <name>WarningChecks</name>
    <message>
        <location filename="../../ui/widgets/warnings.py" line="21" />
        <source>警告：请逐一查看，确认后勾选</source>
        <translation>Warnings: look at each, then tick it</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/warnings.py" line="49" />
        <source>已确认</source>
        <translation>Confirmed</translation>
    </message>
</context>
</TS>