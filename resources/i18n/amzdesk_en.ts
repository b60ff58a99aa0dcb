<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
    <context>
        <name>App</name>
        <message>
            <location filename="../../ui/app.py" line="76" />
            <source>エラー</source>
            <translation>Error</translation>
        </message>
        <message>
            <location filename="../../ui/app.py" line="97" />
            <source>{0}
作業は続けられます。繰り返す場合はログファイルを確認してください。</source>
            <translation>{0}
You can keep working. If this happens again, check the log file.</translation>
        </message>
        <message>
            <location filename="../../ui/app.py" line="344" />
            <source>認証情報を設定する</source>
            <translation>Set up credentials</translation>
        </message>
        <message>
            <location filename="../../ui/app.py" line="360" />
            <source>認証情報がキーリングに見つかりません。「認証情報を設定する」から入力してください。</source>
            <translation>No credentials were found in the keyring. Enter them under "Set up credentials".</translation>
        </message>
    </context>
    <context>
        <name>Banner</name>
        <message>
            <location filename="../../ui/main_window/banner.py" line="21" />
            <source>お知らせ</source>
            <translation>Notice</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/banner.py" line="35" />
            <source>閉じる</source>
            <translation>Close</translation>
        </message>
    </context>
    <context>
        <name>CarrierPicker</name>
        <message>
            <location filename="../../ui/carrier_picker.py" line="253" />
            <source>配送業者</source>
            <translation>Carrier</translation>
        </message>
        <message>
            <location filename="../../ui/carrier_picker.py" line="256" />
            <source>makeshop に登録されている配送業者です。文字を入力すると絞り込めます（「ヤマト」「佐川」「郵便」なども通じます）。一覧にない配送業者は最後の「その他の配送業者（makeshop 未登録）」を選んでください</source>
            <translation>The carriers registered in makeshop. Type to narrow the list (common names such as ヤマト, 佐川 or 郵便 work too). For a carrier that is not listed, choose the last entry, "Other carrier (not in makeshop)".</translation>
        </message>
        <message>
            <location filename="../../ui/carrier_picker.py" line="263" />
            <source>配送業者を選ぶか入力…</source>
            <translation>Choose or type a carrier…</translation>
        </message>
        <message>
            <location filename="../../ui/carrier_picker.py" line="264" />
            <source>Amazon に表示される配送業者</source>
            <translation>Carrier shown on Amazon</translation>
        </message>
        <message>
            <location filename="../../ui/carrier_picker.py" line="265" />
            <source>配送業者名（makeshop 未登録）</source>
            <translation>Carrier name (not in makeshop)</translation>
        </message>
        <message>
            <location filename="../../ui/carrier_picker.py" line="266" />
            <source>配送業者名を入力（Amazon にそのまま送ります）</source>
            <translation>Type the carrier name (sent to Amazon as typed)</translation>
        </message>
        <message>
            <location filename="../../ui/carrier_picker.py" line="108" />
            <source>Amazon での表示（makeshop 経由）: {0}</source>
            <translation>Shown on Amazon (via makeshop): {0}</translation>
        </message>
        <message>
            <location filename="../../ui/carrier_picker.py" line="117" />
            <source>makeshop に登録がない配送業者です。名前を入力すると、Amazon には「Other」とその名前で出荷通知します（makeshop では配送完了にできません）</source>
            <translation>A carrier makeshop does not know. Type its name: Amazon receives "Other" with that name (makeshop cannot mark the order shipped).</translation>
        </message>
        <message>
            <location filename="../../ui/carrier_picker.py" line="126" />
            <source>その他の配送業者（makeshop 未登録）</source>
            <translation>Other carrier (not in makeshop)</translation>
        </message>
        <message>
            <location filename="../../ui/carrier_picker.py" line="237" />
            <source>makeshop に登録がない配送業者の名前を入力してください。Amazon には配送業者「その他」として、その名前を送ります</source>
            <translation>Enter the name of a carrier not registered in makeshop. Amazon receives it as carrier "Other" with that name</translation>
        </message>
        <message>
            <location filename="../../ui/carrier_picker.py" line="242" />
            <source>「{0}」は makeshop の配送業者に見つかりません。一覧から選ぶか、一覧の最後の「{1}」を選んで名前を入力してください</source>
            <translation>"{0}" is not a makeshop carrier. Choose one from the list, or choose "{1}" at the end of the list and type the name.</translation>
        </message>
        <message>
            <location filename="../../ui/carrier_picker.py" line="246" />
            <source>配送業者を選ぶと、Amazon にどう表示されるかをここに表示します。</source>
            <translation>Choose a carrier to see here how Amazon will show it.</translation>
        </message>
    </context>
    <context>
        <name>DetailPanel</name>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="187" />
            <source>配送業者(&amp;C)</source>
            <translation>&amp;Carrier</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="188" />
            <source>追跡番号(&amp;T)</source>
            <translation>&amp;Tracking number</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="189" />
            <source>出荷日(&amp;D)</source>
            <translation>Ship &amp;date</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="192" />
            <source>Amazon に送る出荷日です。今日が初期値で、このセッションの間は選んだ日を覚えます。未来の日付や注文日より前の日付は選べません</source>
            <translation>The ship date sent to Amazon. Today by default; the date you pick is kept for this session. Future dates and dates before the order date cannot be chosen.</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="196" />
            <source>出荷日</source>
            <translation>Ship date</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="197" />
            <source>できること・できないこと</source>
            <translation>What you can and cannot do</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="198" />
            <source>できること・できないことを表示</source>
            <translation>Show what you can and cannot do</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="212" />
            <source>セラーセントラルで返送処理したことを記録する</source>
            <translation>Record that the return was processed in Seller Central</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="218" />
            <source>注文を選んでください</source>
            <translation>Select an order</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="244" />
            <source>makeshop {0}</source>
            <translation>makeshop {0}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="246" />
            <source>Amazon {0}</source>
            <translation>Amazon {0}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="251" />
            <source>状態: {0}</source>
            <translation>State: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="263" />
            <source>出荷期限: {0}</source>
            <translation>Ship by: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="265" />
            <source>商品: {0}</source>
            <translation>Items: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="329" />
            <source>追跡番号なし</source>
            <translation>no tracking number</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="330" />
            <source>荷物 {0}: {1}  {2}</source>
            <translation>Package {0}: {1}  {2}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="336" />
            <source>makeshop: {0}  {1}</source>
            <translation>makeshop: {0}  {1}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="337" />
            <source>伝票番号なし</source>
            <translation>no slip number</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="341" />
            <source>出荷済みの荷物</source>
            <translation>Shipped packages</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="356" />
            <source>次にすること: 配送業者と追跡番号を入れて「{0}」（Enter）。Amazon に出荷を知らせます</source>
            <translation>Next: enter the carrier and tracking number, then "{0}" (Enter). This tells Amazon the order has shipped.</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="360" />
            <source>次にすること: 発送したら「{0}」。makeshop がお客様に発送をお知らせします</source>
            <translation>Next: once it has shipped, "{0}". makeshop tells the customer.</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="372" />
            <source>次にすること: {0}</source>
            <translation>Next: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/detail_panel.py" line="374" />
            <source>次にすること: なし。{0}</source>
            <translation>Next: nothing to do here. {0}</translation>
        </message>
    </context>
    <context>
        <name>HazardPanel</name>
        <message>
            <location filename="../../ui/insight_views.py" line="129" />
            <source>FBA 商品の出品チェック</source>
            <translation>FBA listing check</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="132" />
            <source>商品</source>
            <translation>Product</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="133" />
            <source>ASIN</source>
            <translation>ASIN</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="134" />
            <source>出品者出荷の SKU</source>
            <translation>Merchant-fulfilled SKU</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="135" />
            <source>FBA の SKU</source>
            <translation>FBA SKU</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="136" />
            <source>見つかった場所</source>
            <translation>Found in</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="137" />
            <source>未出荷の注文</source>
            <translation>Unshipped orders</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="140" />
            <source>もう一度チェック</source>
            <translation>Check again</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="141" />
            <source>makeshop の商品CSVも照合…</source>
            <translation>Also check a makeshop product CSV…</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="144" />
            <source>makeshop の商品一括CSV（ASIN・Amazon 出品者SKU の列を含むもの）を読み込むと、まだ注文のない商品も照合できます</source>
            <translation>Load makeshop's bulk product CSV (with the ASIN and Amazon seller SKU columns) to also check products that have no orders yet</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="148" />
            <source>閉じる</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="152" />
            <location filename="../../ui/insight_views.py" line="155" />
            <source>チェックしています…</source>
            <translation>Checking…</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="162" />
            <source>チェックできませんでした: {0}</source>
            <translation>Could not check: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="173" />
            <source>FBA で在庫を持っている商品が、出品者出荷でも出品されています: {0} 点（{1} 時点）</source>
            <translation>Products you stock in FBA are also listed as merchant-fulfilled: {0} (as of {1})</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="181" />
            <source>問題は見つかりませんでした（FBA の商品 {0} 点、出品者出荷の注文 {1} 件を照合、{2} 時点）</source>
            <translation>No problem found ({0} FBA products checked against {1} merchant-fulfilled orders, as of {2})</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="190" />
            <source>出品者出荷の注文 {0} 件</source>
            <translation>{0} merchant-fulfilled order(s)</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="236" />
            <source>出品者出荷で届いた注文: {0}</source>
            <translation>Merchant-fulfilled orders received: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="192" />
            <source>makeshop の商品CSV</source>
            <translation>makeshop product CSV</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="226" />
            <source>FBA: SKU {0}、在庫 {1}</source>
            <translation>FBA: SKU {0}, stock {1}</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="228" />
            <source>{0} 個</source>
            <translation>{0} units</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="230" />
            <source>在庫一覧になし（FBA の注文で確認）</source>
            <translation>not in the inventory (seen in FBA orders)</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="242" />
            <source>makeshop の商品: {0}</source>
            <translation>makeshop products: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="245" />
            <source>すること</source>
            <translation>What to do</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="262" />
            <source>makeshop の商品CSVを選ぶ</source>
            <translation>Choose the makeshop product CSV</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="262" />
            <source>CSV ファイル (*.csv *.txt)</source>
            <translation>CSV files (*.csv *.txt)</translation>
        </message>
    </context>
    <context>
        <name>HealthView</name>
        <message>
            <location filename="../../ui/insight_views.py" line="444" />
            <source>出荷の状況</source>
            <translation>Shipping health</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="445" />
            <source>PNG で保存…</source>
            <translation>Save as PNG…</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="446" />
            <source>閉じる</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="447" />
            <source>日ごとの出荷件数</source>
            <translation>Orders shipped per day</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="451" />
            <source>集計しています…</source>
            <translation>Counting…</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="456" />
            <source>直近 {0} 日（{1} 〜 {2}）</source>
            <translation>Last {0} days ({1} – {2})</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="461" />
            <source>出荷遅延率</source>
            <translation>Late shipment rate</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="463" />
            <source>期限内 {0} 件・遅延 {1} 件（Amazon の目標 4 % 未満）</source>
            <translation>{0} on time, {1} late (Amazon's target: under 4 %)</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="469" />
            <source>有効な追跡番号</source>
            <translation>Valid tracking</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="471" />
            <source>{0} / {1} 件（目標 95 % 超）</source>
            <translation>{0} of {1} (target: over 95 %)</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="475" />
            <source>出荷した注文</source>
            <translation>Orders shipped</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="476" />
            <location filename="../../ui/insight_views.py" line="484" />
            <location filename="../../ui/insight_views.py" line="490" />
            <source>{0} 件</source>
            <translation>{0}</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="477" />
            <source>Amazon 出品者出荷 {0} 件・自社 {1} 件</source>
            <translation>Amazon merchant-fulfilled {0}, shop {1}</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="483" />
            <source>期限切れで未出荷</source>
            <translation>Overdue, not shipped</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="489" />
            <source>出荷前のキャンセル</source>
            <translation>Cancelled before shipping</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="491" />
            <source>Amazon {0} 件（{1}、目標 2.5 % 未満）・自社 {2} 件</source>
            <translation>Amazon {0} ({1}, target: under 2.5 %), shop {2}</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="506" />
            <source>PNG で保存</source>
            <translation>Save as PNG</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="506" />
            <source>PNG 画像 (*.png)</source>
            <translation>PNG images (*.png)</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="509" />
            <source>保存できませんでした: {0}</source>
            <translation>Could not save: {0}</translation>
        </message>
    </context>
    <context>
        <name>ImportDialog</name>
        <message>
            <location filename="../../ui/import_dialog.py" line="73" />
            <source>行</source>
            <translation>Line</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="74" />
            <source>注文</source>
            <translation>Order</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="75" />
            <source>追跡番号</source>
            <translation>Tracking number</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="76" />
            <source>配送業者</source>
            <translation>Carrier</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="77" />
            <source>判定</source>
            <translation>Check</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="78" />
            <source>理由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="79" />
            <source>送信結果</source>
            <translation>Result</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="93" />
            <location filename="../../ui/import_dialog.py" line="94" />
            <source>送り状CSVの取り込み</source>
            <translation>Import label CSV</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="109" />
            <source>ヤマト B2クラウド・佐川 e飛伝・ゆうプリR / クリックポストなどの送り状CSVを読み込み、注文と照合します。送信できる行だけが送られます。</source>
            <translation>Reads a label CSV (Yamato B2 Cloud, Sagawa e-Hiden, Yu-Print R / Click Post, …) and matches it with the orders. Only rows that can be sent are sent.</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="114" />
            <source>
API で送る代わりに、セラーセントラルにアップロードする出荷通知ファイル（Amazon の注文のみ）を書き出すこともできます。</source>
            <translation>
Instead of sending through the API, you can also write the shipment confirmation file to upload in Seller Central (Amazon orders only).</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="121" />
            <source>CSV ファイルを選ぶ…</source>
            <translation>Choose CSV file…</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="125" />
            <source>CSV の形式</source>
            <translation>CSV format</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="134" />
            <source>列を指定して読み込む…</source>
            <translation>Read by choosing the columns…</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="139" />
            <source>列の指定（汎用CSV）</source>
            <translation>Columns (generic CSV)</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="144" />
            <source>注文番号の列（必須）</source>
            <translation>Order number column (required)</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="145" />
            <source>追跡番号の列（必須）</source>
            <translation>Tracking number column (required)</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="146" />
            <source>配送業者の列</source>
            <translation>Carrier column</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="147" />
            <source>出荷日の列</source>
            <translation>Ship date column</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="156" />
            <location filename="../../ui/import_dialog.py" line="161" />
            <source>配送業者の列がないときの配送業者</source>
            <translation>Carrier when there is no carrier column</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="157" />
            <source>（指定しない）</source>
            <translation>(none)</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="162" />
            <source>この列で読み込む</source>
            <translation>Read with these columns</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="172" />
            <source>取り込み結果の確認</source>
            <translation>Import review</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="188" />
            <source>他の注文と同じ追跡番号の行も送る（同梱）</source>
            <translation>Also send rows whose tracking number is on another order (one parcel for several orders)</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="192" />
            <source>1つの荷物で複数の注文を送るときだけ選んでください。入力ミスならファイルを直してください</source>
            <translation>Choose this only when one parcel carries several orders. If it is a typo, correct the file.</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="198" />
            <source>送信する</source>
            <translation>Send</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="200" />
            <source>失敗した注文を再送</source>
            <translation>Retry failed orders</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="202" />
            <location filename="../../ui/import_dialog.py" line="497" />
            <source>Amazon アップロードファイルを書き出す</source>
            <translation>Write Amazon upload file</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="204" />
            <source>中止</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="207" />
            <source>この書き出しを取り消す</source>
            <translation>Cancel this export</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="211" />
            <source>閉じる</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="256" />
            <source>送り状CSVを選ぶ</source>
            <translation>Choose a label CSV</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="258" />
            <source>CSV ファイル (*.csv *.txt);;すべて (*)</source>
            <translation>CSV files (*.csv *.txt);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="276" />
            <source>読み込んでいます…</source>
            <translation>Reading…</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="327" />
            <source>見出しの行を読んでいます…</source>
            <translation>Reading the header row…</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="342" />
            <source>（なし）</source>
            <translation>(none)</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="355" />
            <source>この CSV の形式は自動では分かりません。注文番号と追跡番号の列を選んで「この列で読み込む」を押してください（指定は次回のために保存します）</source>
            <translation>This CSV's format is not recognised automatically. Choose the order number and tracking number columns and press "Read with these columns" (the choice is saved for next time).</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="373" />
            <source>注文番号と追跡番号の列を選んでください</source>
            <translation>Choose the order number and tracking number columns</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="376" />
            <source>注文番号と追跡番号には別々の列を選んでください</source>
            <translation>Choose different columns for the order number and the tracking number</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="422" />
            <source>送信済み {0} 件・失敗 {1} 件</source>
            <translation>{0} sent, {1} failed</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="423" />
            <source>行がありません</source>
            <translation>No rows</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="499" />
            <source>タブ区切りテキスト (*.txt)</source>
            <translation>Tab-separated text (*.txt)</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="524" />
            <source>{0} 行を書き出しました: {1}。セラーセントラルの「注文」→「注文レポートのアップロード」（出荷通知ファイル）からアップロードしてください。</source>
            <translation>Wrote {0} rows: {1}. Upload it in Seller Central under Orders → Upload order related files (shipment confirmation file).</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="528" />
            <source> 書き出せなかった注文: {0} 件</source>
            <translation> Orders not written: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/import_dialog.py" line="558" />
            <source>書き出しを取り消しました（{0} 件）。ファイルはアップロードしないでください。これらの注文は、ここから出荷通知できます。</source>
            <translation>Export cancelled ({0} order(s)). Do not upload the file. These orders can now be confirmed from here.</translation>
        </message>
    </context>
    <context>
        <name>InsightsController</name>
        <message>
            <location filename="../../ui/insights.py" line="212" />
            <source>FBA 商品の出品チェック</source>
            <translation>FBA listing check</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="214" />
            <source>FBA で在庫を持っている商品が、出品者出荷でも出品されていないか調べます</source>
            <translation>Checks whether products you stock in FBA are also listed as merchant-fulfilled</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="216" />
            <source>出荷の状況（直近 30 日）</source>
            <translation>Shipping health (last 30 days)</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="217" />
            <source>出荷通知の記録（印刷・CSV）</source>
            <translation>Shipment confirmation report (print, CSV)</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="218" />
            <source>期限の通知を表示する</source>
            <translation>Show deadline notifications</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="219" />
            <source>通知のタイミング</source>
            <translation>Notification timing</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="221" />
            <source>出荷期限の {0} 時間前に知らせる</source>
            <translation>Notify {0} h before the ship-by deadline</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="223" />
            <source>出荷通知が {0} 時間反映されないと知らせる</source>
            <translation>Notify when a confirmation is not reflected after {0} h</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="224" />
            <source>ウィンドウを表示</source>
            <translation>Show window</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="225" />
            <source>同期</source>
            <translation>Sync</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="226" />
            <source>終了</source>
            <translation>Quit</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="246" />
            <source>このデスクトップには通知領域（システムトレイ）がありません。出荷期限のお知らせは、このウィンドウの上部に表示します。</source>
            <translation>This desktop has no notification area (system tray). Deadline notices appear at the top of this window.</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="352" />
            <source>今日が期限 {0} 件・期限切れ {1} 件（出荷通知がまだ）</source>
            <translation>{0} due today, {1} overdue (not confirmed yet)</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="358" />
            <source>amzdesk 出荷通知</source>
            <translation>amzdesk shipment confirmation</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="360" />
            <source>反映待ちが長い出荷通知 {0} 件</source>
            <translation>{0} confirmation(s) not reflected for a long time</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="414" />
            <source>FBA の商品が出品者出荷でも出品されています（{0} 点）。makeshop の Amazon 連携の設定を確認してください</source>
            <translation>FBA products are also listed as merchant-fulfilled ({0}). Check their Amazon link in makeshop.</translation>
        </message>
        <message>
            <location filename="../../ui/insights.py" line="422" />
            <source>確認する</source>
            <translation>Review</translation>
        </message>
    </context>
    <context>
        <name>JournalWindow</name>
        <message>
            <location filename="../../ui/journal_window.py" line="48" />
            <source>送信前</source>
            <translation>Not sent yet</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="49" />
            <source>送信済み（結果待ち）</source>
            <translation>Sent (waiting for result)</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="50" />
            <source>完了</source>
            <translation>Done</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="51" />
            <source>失敗</source>
            <translation>Failed</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="52" />
            <source>結果不明</source>
            <translation>Outcome unknown</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="53" />
            <source>ファイルに書き出し済み</source>
            <translation>Written to file</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="58" />
            <source>アップロードファイル</source>
            <translation>Upload file</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="62" />
            <source>出荷通知</source>
            <translation>Shipment confirmation</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="63" />
            <source>追跡番号の訂正</source>
            <translation>Tracking number correction</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="64" />
            <source>配送完了にする</source>
            <translation>Marked as shipped</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="65" />
            <source>返送</source>
            <translation>Return</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="66" />
            <source>セラーセントラルでの返送処理を記録</source>
            <translation>Seller Central return recorded</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="67" />
            <source>アップロードファイルに書き出し</source>
            <translation>Written to the upload file</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="68" />
            <source>Amazon の登録内容の確認</source>
            <translation>Check of what Amazon registered</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="70" />
            <source>その他の操作</source>
            <translation>Other action</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="114" />
            <source>時刻</source>
            <translation>Time</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="115" />
            <location filename="../../ui/journal_window.py" line="242" />
            <source>送信先</source>
            <translation>Sent to</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="116" />
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="117" />
            <source>注文</source>
            <translation>Order</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="118" />
            <source>追跡番号</source>
            <translation>Tracking number</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="119" />
            <location filename="../../ui/journal_window.py" line="248" />
            <source>状態</source>
            <translation>State</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="120" />
            <source>結果</source>
            <translation>Result</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="124" />
            <source>記録上の操作名</source>
            <translation>Action name in the record</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="125" />
            <source>Amazon リクエスト ID</source>
            <translation>Amazon request ID</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="126" />
            <source>荷物の識別番号</source>
            <translation>Package reference</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="127" />
            <source>送信内容</source>
            <translation>Request</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="228" />
            <location filename="../../ui/journal_window.py" line="229" />
            <source>操作履歴</source>
            <translation>Journal</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="237" />
            <source>操作履歴を検索</source>
            <translation>Search the journal</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="238" />
            <source>検索: 注文番号・追跡番号・結果…</source>
            <translation>Search: order number, tracking number, result…</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="243" />
            <source>すべての送信先</source>
            <translation>All destinations</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="249" />
            <source>すべての状態</source>
            <translation>All states</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="252" />
            <source>更新</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="254" />
            <source>CSV に書き出す</source>
            <translation>Export CSV</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="260" />
            <source>操作履歴の一覧</source>
            <translation>Journal entries</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="271" />
            <source>選んだ操作の詳しい記録</source>
            <translation>Details of the selected action</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="273" />
            <source>操作を選ぶと、詳しい記録（サポート用）が表示されます</source>
            <translation>Select an action to see its detailed record (for support)</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="334" />
            <source>{0} / {1} 件</source>
            <translation>{0} / {1}</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="354" />
            <source>操作履歴を書き出す</source>
            <translation>Export journal</translation>
        </message>
        <message>
            <location filename="../../ui/journal_window.py" line="367" />
            <source>{0} 件を書き出しました: {1}</source>
            <translation>Exported {0} rows: {1}</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../ui/main_window/window.py" line="191" />
            <source>デモモードです。内蔵のシミュレーターの注文を表示しています。ここでの操作は実際の Amazon や makeshop には送られません。</source>
            <translation>Demo mode: showing the orders of the built-in simulator. Nothing you do here reaches the real Amazon or makeshop.</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/window.py" line="195" />
            <source>認証情報を設定する</source>
            <translation>Set up credentials</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/window.py" line="467" />
            <source>amzdesk 出荷通知</source>
            <translation>amzdesk shipment confirmation</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/window.py" line="469" />
            <source>{0} — デモ（シミュレーター）</source>
            <translation>{0} — DEMO (simulator)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/window.py" line="472" />
            <source>注文一覧</source>
            <translation>Orders</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/window.py" line="546" />
            <source>注文データを開いています…</source>
            <translation>Opening the order data…</translation>
        </message>
    </context>
    <context>
        <name>OrderActions</name>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="147" />
            <location filename="../../ui/main_window/order_actions.py" line="190" />
            <location filename="../../ui/main_window/order_actions.py" line="206" />
            <source>送信中です。結果を待ってください</source>
            <translation>Sending. Wait for the result.</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="162" />
            <location filename="../../ui/main_window/order_actions.py" line="188" />
            <location filename="../../ui/main_window/order_actions.py" line="204" />
            <source>注文を選んでください</source>
            <translation>Select an order</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="255" />
            <source>Amazon の注文かもしれません</source>
            <translation>This may be an Amazon order</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="256" />
            <source>配送完了を取りやめました</source>
            <translation>Marking as delivered was cancelled</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="283" />
            <source>返送</source>
            <translation>Return</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="285" />
            <source>注文 {0} を makeshop で「返送」にします。元には戻しにくい操作です。よろしいですか？</source>
            <translation>Order {0} will be set to “Returned” in makeshop. This is not easily undone. Continue?</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="289" />
            <source>返送を取りやめました</source>
            <translation>Return cancelled</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="306" />
            <source>注文 {0} の返送をセラーセントラルで処理済みと記録します。makeshop の処理区分が「返送」になるまで「返送反映待ち」と表示します。よろしいですか？</source>
            <translation>Order {0} will be recorded as returned in Seller Central. It shows “Return pending in makeshop” until makeshop sets it to “Returned”. Continue?</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="330" />
            <source>処理しています…</source>
            <translation>Working…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="343" />
            <location filename="../../ui/main_window/order_actions.py" line="472" />
            <location filename="../../ui/main_window/order_actions.py" line="499" />
            <source>{0}: {1}</source>
            <translation>{0}: {1}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="354" />
            <source>ブラウザで開きました: {0}</source>
            <translation>Opened in the browser: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="364" />
            <source>購入者情報を取得しています…</source>
            <translation>Fetching buyer details…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="380" />
            <source>購入者: {0}</source>
            <translation>Buyer: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="382" />
            <source>都道府県: {0}</source>
            <translation>Prefecture: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="385" />
            <source>お届け先: {0} 〒{1} {2}{3}</source>
            <translation>Deliver to: {0} 〒{1} {2}{3}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="393" />
            <source>電話: {0}</source>
            <translation>Phone: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="394" />
            <source>（この情報は保存されません）</source>
            <translation>(These details are not stored.)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="423" />
            <source>送信しています…</source>
            <translation>Sending…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="482" />
            <source>同じ追跡番号</source>
            <translation>Same tracking number</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="485" />
            <source>{0} の追跡番号は、注文 {1} でもう使われています。
1つの荷物で複数の注文を送る（同梱）ときだけ送ってください。入力ミスなら「送らない」を選んで番号を直してください。</source>
            <translation>The tracking number of {0} is already used for order {1}.
Send it only when one parcel carries several orders. If it is a typo, choose “Do not send” and correct the number.</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="490" />
            <source>同梱として送る</source>
            <translation>Send as one parcel for several orders</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="491" />
            <source>送らない</source>
            <translation>Do not send</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="513" />
            <source>{0}: 送信しました</source>
            <translation>{0}: sent</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="518" />
            <source>{0}: makeshop で配送完了にしました（{1}）</source>
            <translation>{0}: marked shipped in makeshop ({1})</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="519" />
            <source>{0}: makeshop で配送完了にしました</source>
            <translation>{0}: marked shipped in makeshop</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="523" />
            <source>{0}: 追跡番号を {1} に訂正しました</source>
            <translation>{0}: tracking number corrected to {1}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="525" />
            <source>{0}: {1}（追跡番号なし）で出荷通知しました</source>
            <translation>{0}: shipment confirmed with {1} (no tracking number)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="526" />
            <source>{0}: {1} で出荷通知しました</source>
            <translation>{0}: shipment confirmed with {1}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/order_actions.py" line="568" />
            <source>送信できません: {0}</source>
            <translation>Cannot send: {0}</translation>
        </message>
    </context>
    <context>
        <name>OrderModel</name>
        <message>
            <location filename="../../ui/orders/columns.py" line="263" />
            <source>チャネル</source>
            <translation>Channel</translation>
        </message>
        <message>
            <location filename="../../ui/orders/columns.py" line="272" />
            <source>makeshop 注文番号</source>
            <translation>makeshop order no.</translation>
        </message>
        <message>
            <location filename="../../ui/orders/columns.py" line="279" />
            <source>Amazon 注文番号</source>
            <translation>Amazon order ID</translation>
        </message>
        <message>
            <location filename="../../ui/orders/columns.py" line="286" />
            <source>注文日時</source>
            <translation>Ordered</translation>
        </message>
        <message>
            <location filename="../../ui/orders/columns.py" line="293" />
            <source>期限</source>
            <translation>Ship by</translation>
        </message>
        <message>
            <location filename="../../ui/orders/columns.py" line="303" />
            <source>処理区分</source>
            <translation>makeshop status</translation>
        </message>
        <message>
            <location filename="../../ui/orders/columns.py" line="310" />
            <source>決済ステータス</source>
            <translation>Payment status</translation>
        </message>
        <message>
            <location filename="../../ui/orders/columns.py" line="317" />
            <source>Amazon ステータス</source>
            <translation>Amazon status</translation>
        </message>
        <message>
            <location filename="../../ui/orders/columns.py" line="324" />
            <source>配送業者</source>
            <translation>Carrier</translation>
        </message>
        <message>
            <location filename="../../ui/orders/columns.py" line="331" />
            <source>追跡番号</source>
            <translation>Tracking number</translation>
        </message>
        <message>
            <location filename="../../ui/orders/columns.py" line="338" />
            <source>状態</source>
            <translation>State</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="93" />
            <source>自社</source>
            <translation>Own shop</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="95" />
            <source>Amazon FBA</source>
            <translation>Amazon FBA</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="98" />
            <source>未処理</source>
            <translation>Unprocessed</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="99" />
            <source>配送完了</source>
            <translation>Shipped</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="100" />
            <location filename="../../ui/orders/model.py" line="108" />
            <location filename="../../ui/orders/model.py" line="125" />
            <source>キャンセル</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="101" />
            <source>返送</source>
            <translation>Return</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="107" />
            <source>仮売上</source>
            <translation>Authorised</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="109" />
            <source>連携失敗</source>
            <translation>Link failed</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="106" />
            <source>入金済み</source>
            <translation>Paid</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="94" />
            <source>Amazon 出品者出荷</source>
            <translation>Amazon MFN</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="116" />
            <source>予約注文</source>
            <translation>Pre-order</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="119" />
            <source>保留中</source>
            <translation>Pending</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="120" />
            <source>未出荷</source>
            <translation>Unshipped</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="121" />
            <source>一部出荷済み</source>
            <translation>Partially shipped</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="124" />
            <source>出荷済み</source>
            <translation>Shipped</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="126" />
            <source>出荷不可</source>
            <translation>Unfulfillable</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="128" />
            <source>不明</source>
            <translation>Unknown</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="131" />
            <source>期限切れ</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="132" />
            <source>今日が期限</source>
            <translation>Due today</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="133" />
            <source>明日が期限</source>
            <translation>Due tomorrow</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="134" />
            <source>出荷通知済み</source>
            <translation>Confirmed</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="135" />
            <source>Amazon が出荷</source>
            <translation>Shipped by Amazon</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="136" />
            <source>出荷期限を過ぎています。すぐに出荷通知してください。</source>
            <translation>The ship-by date has passed. Confirm the shipment now.</translation>
        </message>
        <message>
            <location filename="../../ui/orders/model.py" line="139" />
            <source>今日が出荷期限です。</source>
            <translation>Ship by today.</translation>
        </message>
    </context>
    <context>
        <name>SessionReportDialog</name>
        <message>
            <location filename="../../ui/insight_views.py" line="540" />
            <location filename="../../ui/insight_views.py" line="551" />
            <source>出荷通知の記録</source>
            <translation>Shipment confirmation report</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="541" />
            <source>印刷…</source>
            <translation>Print…</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="542" />
            <source>CSV で保存…</source>
            <translation>Save as CSV…</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="543" />
            <source>閉じる</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="573" />
            <source>出荷通知の記録を印刷</source>
            <translation>Print the shipment confirmation report</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="594" />
            <source>CSV で保存</source>
            <translation>Save as CSV</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="594" />
            <source>CSV ファイル (*.csv)</source>
            <translation>CSV files (*.csv)</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="601" />
            <source>保存できませんでした: {0}</source>
            <translation>Could not save: {0}</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../ui/settings_dialog.py" line="143" />
            <source>設定・認証情報</source>
            <translation>Settings &amp;&amp; credentials</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="144" />
            <source>設定</source>
            <translation>Settings</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="156" />
            <source>Amazon</source>
            <translation>Amazon</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="157" />
            <source>makeshop</source>
            <translation>makeshop</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="158" />
            <source>配送業者コード</source>
            <translation>Carrier codes</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="159" />
            <source>一般</source>
            <translation>General</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="160" />
            <source>詳細</source>
            <translation>Advanced</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="189" />
            <source>Amazon の認証情報の取得手順</source>
            <translation>How to get the Amazon credentials</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="191" />
            <source>makeshop の認証情報の取得手順</source>
            <translation>How to get the makeshop credentials</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="199" />
            <source>LWA クライアント ID</source>
            <translation>LWA client ID</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="200" />
            <source>LWA クライアントシークレット</source>
            <translation>LWA client secret</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="201" />
            <source>LWA リフレッシュトークン</source>
            <translation>LWA refresh token</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="202" />
            <source>makeshop アクセストークン</source>
            <translation>makeshop access token</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="203" />
            <source>makeshop API キー</source>
            <translation>makeshop API key</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="210" />
            <location filename="../../ui/settings_dialog.py" line="437" />
            <source>未保存</source>
            <translation>Not stored</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="216" />
            <source>接続テスト</source>
            <translation>Test connection</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="219" />
            <source>Amazon の接続テスト</source>
            <translation>Test the Amazon connection</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="221" />
            <source>makeshop の接続テスト</source>
            <translation>Test the makeshop connection</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="63" />
            <source>&lt;h3&gt;Amazon の認証情報を用意する&lt;/h3&gt;&lt;p&gt;&lt;b&gt;はじめに:&lt;/b&gt; Amazon と makeshop の連携、そしてこのアプリの Amazon 側の操作には、Amazon の&lt;b&gt;大口出品&lt;/b&gt;のアカウントが必要です。小口出品のままでは使えません。大口出品への切り替えは、出品者本人がセラーセントラルで申し込みます。審査に数日かかることがあり、登録完了と同時に月額登録料がかかります。&lt;/p&gt;&lt;p&gt;このアプリは、あなた自身のショップ専用の「非公開アプリ」として Amazon の SP-API を使います。次の順に進めてください。&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;開発者として登録する&lt;/b&gt;: セラーセントラル（sellercentral.amazon.co.jp）にログインし、右上の「設定」（歯車）メニューから「ユーザー権限」を開きます。ページ下の「Amazon 出品用アプリケーションとサービス」にある「開発者登録」（または「Developer Central」）を押します。&lt;/li&gt;&lt;li&gt;&lt;b&gt;開発者プロフィールを入力する&lt;/b&gt;: 「非公開の開発者（自社のためだけにアプリを作る）」を選び、会社名・連絡先を入力します。必要な権限（ロール）は「注文の管理（Orders）」と「出荷の確認（Direct-to-Consumer Shipping は不要）」です。購入者の個人情報のロールは&lt;b&gt;選ばないでください&lt;/b&gt;（このアプリは使いません）。送信すると審査が始まり、承認メールが届くまで数日かかることがあります。&lt;/li&gt;&lt;li&gt;&lt;b&gt;アプリを作る&lt;/b&gt;: 承認後、「Developer Central」で「新しいアプリクライアントを追加」を押します。アプリ名（例: amzdesk）を入力し、API の種類は「SP API」を選んで保存します。&lt;/li&gt;&lt;li&gt;&lt;b&gt;LWA 認証情報を見る&lt;/b&gt;: アプリの一覧で、作ったアプリの「LWA 認証情報」の「表示」を押すと、&lt;b&gt;クライアント ID&lt;/b&gt;（amzn1.application-oa2-client. で始まる）と&lt;b&gt;クライアントシークレット&lt;/b&gt;が表示されます。それぞれコピーして下の欄に貼り付けます。&lt;/li&gt;&lt;li&gt;&lt;b&gt;自分で承認してリフレッシュトークンを得る&lt;/b&gt;: 同じ行の「編集」の横にある「▼」から「アプリを承認」を選びます。確認画面で「承認」を押すと&lt;b&gt;リフレッシュトークン&lt;/b&gt;（Atzr| で始まる長い文字列）が一度だけ表示されます。すぐにコピーして下の欄に貼り付けてください（あとで再発行もできます）。&lt;/li&gt;&lt;li&gt;「保存」を押し、「接続テスト」で確認します。&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;入力した値はパソコンの OS のキーリング（資格情報の保管庫）にだけ保存され、ファイルやログには書かれません。&lt;/p&gt;</source>
            <translation>&lt;h3&gt;Getting the Amazon credentials&lt;/h3&gt;&lt;p&gt;&lt;b&gt;First:&lt;/b&gt; the makeshop–Amazon integration, and this app's Amazon-side actions, need an Amazon &lt;b&gt;Professional&lt;/b&gt; selling account. An Individual account cannot be used. The account owner applies for Professional in Seller Central; the review can take a few days, and the monthly fee is charged as soon as the registration is complete.&lt;/p&gt;&lt;p&gt;This app uses Amazon's SP-API as a "private app" for your own shop only. Follow these steps.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Register as a developer&lt;/b&gt;: sign in to Seller Central (sellercentral.amazon.co.jp), open the Settings (gear) menu at the top right and choose User Permissions. Under "Amazon selling applications and services" at the bottom of the page, press "Developer registration" (or "Developer Central").&lt;/li&gt;&lt;li&gt;&lt;b&gt;Fill in the developer profile&lt;/b&gt;: choose "Private developer (building apps for my own company only)" and enter your company name and contact. The roles needed are order management (Orders) and shipment confirmation (Direct-to-Consumer Shipping is not needed). &lt;b&gt;Do not&lt;/b&gt; choose roles for buyers' personal information (this app does not use them). After you submit, the review starts; the approval e-mail can take a few days.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Create the app&lt;/b&gt;: once approved, press "Add new app client" in Developer Central. Enter an app name (e.g. amzdesk), choose "SP API" as the API type and save.&lt;/li&gt;&lt;li&gt;&lt;b&gt;View the LWA credentials&lt;/b&gt;: in the app list, press "View" under "LWA credentials" of your app to see the &lt;b&gt;client ID&lt;/b&gt; (starting with amzn1.application-oa2-client.) and the &lt;b&gt;client secret&lt;/b&gt;. Copy each into the fields below.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Authorise your own app to get the refresh token&lt;/b&gt;: from the "▼" next to "Edit" on the same row choose "Authorize app". Press "Authorize" on the confirmation screen; the &lt;b&gt;refresh token&lt;/b&gt; (a long text starting with Atzr|) is shown once. Copy it into the field below right away (it can be issued again later).&lt;/li&gt;&lt;li&gt;Press "Save", then check with "Test connection".&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;The values are stored only in your computer's OS keyring (credential store), never in files or logs.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="101" />
            <source>&lt;h3&gt;makeshop の認証情報を用意する&lt;/h3&gt;&lt;p&gt;makeshop の API は、ショップごとに利用を申し込んで使います。自分のショップのためだけに使うので、審査は通常の手続きで進みます。&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;利用を申し込む&lt;/b&gt;: makeshop のショップ管理画面にログインし、上部メニューの「ショップ作成」または「設定」から「API 設定」（「外部システム連携」内にあることもあります）を開きます。「API 利用申請」のボタンを押し、利用目的に「自社の受注・出荷管理」と書いて申請します。&lt;/li&gt;&lt;li&gt;&lt;b&gt;承認メールを待つ&lt;/b&gt;: 承認されると、makeshop から API の接続先（エンドポイント）の案内がメールで届きます。案内の URL が既定値（https://app-api.makeshop.jp/v1/graphql）と違う場合は、環境変数 AMZDESK_MAKESHOP_ENDPOINT に指定してください（通常は不要です）。&lt;/li&gt;&lt;li&gt;&lt;b&gt;アクセストークンと API キーを発行する&lt;/b&gt;: 再び「API 設定」を開くと、「アクセストークン発行」と「API キー」の欄が表示されます。「発行」を押して表示された&lt;b&gt;アクセストークン&lt;/b&gt;と&lt;b&gt;API キー&lt;/b&gt;をコピーし、下の欄に貼り付けます。アクセストークンは一度しか表示されないことがあります。&lt;/li&gt;&lt;li&gt;権限は「受注情報の参照」と「受注情報の更新（配送状況）」を有効にします。&lt;/li&gt;&lt;li&gt;「保存」を押し、「接続テスト」で確認します。&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Amazon の注文の購入者情報は、Amazon の個人情報保護のため makeshop でも制限されています。このアプリも表示・保存しません。&lt;/p&gt;</source>
            <translation>&lt;h3&gt;Getting the makeshop credentials&lt;/h3&gt;&lt;p&gt;makeshop's API is applied for per shop. You use it for your own shop only, so the application follows the normal procedure.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Apply&lt;/b&gt;: sign in to the makeshop shop admin and open "API settings" from "Shop creation" or "Settings" in the top menu (it may be under "External system integration"). Press the "API usage application" button, write "order and shipment management for my own shop" as the purpose and apply.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Wait for the approval e-mail&lt;/b&gt;: makeshop e-mails you the API endpoint. If that URL differs from the default (https://app-api.makeshop.jp/v1/graphql), set it in the environment variable AMZDESK_MAKESHOP_ENDPOINT (usually not needed).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Issue the access token and API key&lt;/b&gt;: open "API settings" again; the "Issue access token" and "API key" fields appear. Press "Issue", then copy the &lt;b&gt;access token&lt;/b&gt; and the &lt;b&gt;API key&lt;/b&gt; into the fields below. The access token may be shown only once.&lt;/li&gt;&lt;li&gt;Enable the permissions "read orders" and "update orders (delivery status)".&lt;/li&gt;&lt;li&gt;Press "Save", then check with "Test connection".&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Buyer details of Amazon orders are restricted in makeshop too, to protect Amazon customers' personal data. This app neither shows nor stores them.&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="241" />
            <source>Amazon 側で出荷通知するときに Amazon に送る配送業者コードです。既定値は Amazon の公開資料で確認できていないため、セラーセントラルで違う表示になる場合はここで直してください。空欄なら既定値を使います。分からない場合は「Other」にすると、配送業者名がそのまま Amazon に送られます。</source>
            <translation>The carrier code sent to Amazon when confirming a shipment on Amazon. The defaults are not confirmed by Amazon's public documents: if Seller Central shows something else, correct it here. Empty uses the default. If unsure, use "Other": the carrier name is then sent to Amazon as is.</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="255" />
            <source>配送業者コードの上書き</source>
            <translation>Carrier code overrides</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="257" />
            <source>配送業者（makeshop）</source>
            <translation>Carrier (makeshop)</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="257" />
            <source>既定のコード</source>
            <translation>Default code</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="257" />
            <source>上書きするコード</source>
            <translation>Override</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="278" />
            <source>自動同期の間隔（分）</source>
            <translation>Automatic sync interval (minutes)</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="280" />
            <source>オフ</source>
            <translation>Off</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="281" />
            <location filename="../../ui/settings_dialog.py" line="304" />
            <source> 分</source>
            <translation> min</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="285" />
            <location filename="../../ui/settings_dialog.py" line="295" />
            <source>表示言語</source>
            <translation>Language</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="287" />
            <source>自動（OS の設定）</source>
            <translation>Automatic (system setting)</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="294" />
            <source>自動同期の間隔</source>
            <translation>Automatic sync interval</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="296" />
            <source>自動同期は 5 分以上の間隔で指定してください（0 でオフ）。</source>
            <translation>Use an interval of 5 minutes or more (0 turns it off).</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="302" />
            <source>Amazon の反映を待つ時間（分）</source>
            <translation>Time to wait for Amazon (minutes)</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="308" />
            <location filename="../../ui/settings_dialog.py" line="313" />
            <source>makeshop の返送を待つ日数</source>
            <translation>Days to wait for makeshop's return</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="310" />
            <source> 日</source>
            <translation> days</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="312" />
            <source>Amazon の反映を待つ時間</source>
            <translation>Time to wait for Amazon</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="316" />
            <source>出荷通知を送ってからこの時間がたっても Amazon で出荷済みにならない注文は、要対応に戻ります（出荷期限を過ぎてから送った出荷通知も、送った時刻から数えます）。セラーセントラルで返送処理してからこの日数がたっても makeshop の処理区分が「返送」にならない注文は、要対応としてお知らせします。</source>
            <translation>Orders that Amazon still does not show as shipped this long after the shipment confirmation was sent need action again (a confirmation sent after the ship-by deadline also counts from the time it was sent). Orders whose makeshop status has not turned to "Returned" this many days after the return was processed in Seller Central are flagged as needing action.</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="342" />
            <source>makeshop の注文のうち、どれが Amazon の注文かを見分ける方法です。makeshop の仕様が分かって違っていた場合にだけ変更してください。Amazon の注文かもしれない注文は、配送完了の前に必ず確認します。</source>
            <translation>How Amazon orders are told apart among makeshop orders. Change this only if makeshop turns out to work differently. An order that may be an Amazon order is always confirmed with you before it is marked as delivered.</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="353" />
            <source>Amazon の注文の決済方法</source>
            <translation>Payment methods of Amazon orders</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="358" />
            <source>ショップの注文の決済方法</source>
            <translation>Payment methods of shop orders</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="363" />
            <source>Amazon の注文番号の形</source>
            <translation>Shape of an Amazon order number</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="367" />
            <source> 時間</source>
            <translation> hours</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="369" />
            <source>照合する注文日時の幅</source>
            <translation>Time range for matching order dates</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="371" />
            <source>Amazon の注文の決済方法（前方一致、1行に1つ）</source>
            <translation>Payment methods of Amazon orders (starts with, one per line)</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="374" />
            <source>ショップの注文の決済方法（含む、1行に1つ）</source>
            <translation>Payment methods of shop orders (contains, one per line)</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="376" />
            <source>Amazon の注文番号の形（正規表現）</source>
            <translation>Shape of an Amazon order number (regular expression)</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="377" />
            <source>Amazon の注文と照合する日時の幅</source>
            <translation>Time range for matching with Amazon orders</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="378" />
            <source>既定に戻す</source>
            <translation>Restore defaults</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="428" />
            <source>キーリングが使えないため保存できません</source>
            <translation>Cannot be saved: the keyring is not available</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="435" />
            <source>保存済み（変更するときだけ入力）</source>
            <translation>Stored (type only to change it)</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="504" />
            <source>接続テストに失敗しています</source>
            <translation>The connection test failed</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="506" />
            <source>{0} の接続テストに失敗した認証情報です。このまま保存すると、同期や出荷通知ができないことがあります。保存しますか？</source>
            <translation>The connection test failed with these {0} credentials. If you save them, syncing and confirmations may not work. Save anyway?</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="537" />
            <source>接続しています…</source>
            <translation>Connecting…</translation>
        </message>
        <message>
            <location filename="../../ui/settings_dialog.py" line="554" />
            <source>✓ 接続できました</source>
            <translation>✓ Connected</translation>
        </message>
    </context>
    <context>
        <name>ShippedChart</name>
        <message>
            <location filename="../../ui/insight_views.py" line="355" />
            <source>Amazon 期限内</source>
            <translation>Amazon on time</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="356" />
            <source>Amazon 遅延</source>
            <translation>Amazon late</translation>
        </message>
        <message>
            <location filename="../../ui/insight_views.py" line="357" />
            <source>自社</source>
            <translation>Shop</translation>
        </message>
    </context>
    <context>
        <name>SyncController</name>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="104" />
            <source>中止</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="105" />
            <source>同期を中止</source>
            <translation>Cancel sync</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="106" />
            <source>同期の進み具合</source>
            <translation>Sync progress</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="153" />
            <source>最初の {0} 件を表示しています。残りを読み込んでいます…</source>
            <translation>Showing the first {0} orders; loading the rest…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="169" />
            <source>注文を読み込んでいます…</source>
            <translation>Loading orders…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="196" />
            <source>{0} 件の注文</source>
            <translation>{0} orders</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="216" />
            <source>同期中…</source>
            <translation>Syncing…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="221" />
            <source>同期しています…</source>
            <translation>Syncing…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="230" />
            <source>同期を中止しました</source>
            <translation>Sync cancelled</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="241" />
            <source>同期を中止しています…</source>
            <translation>Cancelling sync…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="302" />
            <source>同期でエラーがありました: {0}</source>
            <translation>The sync had errors: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="304" />
            <location filename="../../ui/main_window/sync_controller.py" line="312" />
            <source>認証情報を確認する</source>
            <translation>Check credentials</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="306" />
            <location filename="../../ui/main_window/sync_controller.py" line="314" />
            <source>もう一度同期</source>
            <translation>Sync again</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="315" />
            <source>同期できませんでした</source>
            <translation>Sync failed</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="336" />
            <source>未同期</source>
            <translation>never</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="342" />
            <source>Amazon 最終同期: {0}</source>
            <translation>Amazon last sync: {0}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/sync_controller.py" line="345" />
            <source>makeshop 最終同期: {0}</source>
            <translation>makeshop last sync: {0}</translation>
        </message>
    </context>
    <context>
        <name>Toast</name>
        <message>
            <location filename="../../ui/main_window/banner.py" line="93" />
            <source>お知らせ</source>
            <translation>Notice</translation>
        </message>
    </context>
    <context>
        <name>TrackingEntry</name>
        <message>
            <location filename="../../ui/tracking_entry.py" line="63" />
            <source>追跡番号</source>
            <translation>Tracking number</translation>
        </message>
        <message>
            <location filename="../../ui/tracking_entry.py" line="65" />
            <source>追跡番号の確認結果</source>
            <translation>Tracking number check</translation>
        </message>
        <message>
            <location filename="../../ui/tracking_entry.py" line="72" />
            <source>伝票番号（追跡番号）を入力・貼り付け・スキャン（空でも可。Enter で makeshop の配送完了にする）</source>
            <translation>Type, paste or scan the slip (tracking) number (may stay empty; Enter marks the order shipped in makeshop)</translation>
        </message>
        <message>
            <location filename="../../ui/tracking_entry.py" line="75" />
            <source>追跡番号を入力・貼り付け・スキャン（Enter で Amazon に出荷通知）</source>
            <translation>Type, paste or scan the tracking number (Enter confirms the shipment on Amazon)</translation>
        </message>
        <message>
            <location filename="../../ui/tracking_entry.py" line="134" />
            <source>伝票番号を入れると makeshop からお客様に届きます（空でも配送完了にできます）</source>
            <translation>A slip number you enter reaches the customer through makeshop (you can also mark the order shipped without one)</translation>
        </message>
        <message>
            <location filename="../../ui/tracking_entry.py" line="140" />
            <source>この配送方法は追跡番号が必要です</source>
            <translation>This method needs a tracking number</translation>
        </message>
        <message>
            <location filename="../../ui/tracking_entry.py" line="147" />
            <source>先に配送業者を選んでください</source>
            <translation>Choose the carrier first</translation>
        </message>
        <message>
            <location filename="../../ui/tracking_entry.py" line="167" />
            <source>✓ 有効な番号です: {0}</source>
            <translation>✓ Valid number: {0}</translation>
        </message>
    </context>
    <context>
        <name>ViewFilters</name>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="99" />
            <source>チャネル:</source>
            <translation>Channel:</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="102" />
            <location filename="../../ui/main_window/view_filters.py" line="161" />
            <source>すべて</source>
            <translation>All</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="103" />
            <source>自社</source>
            <translation>Own shop</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="104" />
            <source>Amazon 出品者出荷</source>
            <translation>Amazon MFN</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="105" />
            <source>Amazon FBA</source>
            <translation>Amazon FBA</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="109" />
            <source>チャネルで絞り込み</source>
            <translation>Filter by channel</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="110" />
            <source>表示する注文</source>
            <translation>Orders shown</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="113" />
            <source>検索: 注文番号・SKU・商品名・追跡番号（Ctrl+F）</source>
            <translation>Search: order number, SKU, product, tracking number (Ctrl+F)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="115" />
            <source>注文を検索</source>
            <translation>Search orders</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="116" />
            <source>表示件数</source>
            <translation>Orders shown</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="157" />
            <source>要対応</source>
            <translation>Needs action</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="158" />
            <source>今日が期限</source>
            <translation>Due today</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="159" />
            <source>期限切れ</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="160" />
            <source>反映待ち</source>
            <translation>Waiting</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="165" />
            <source>未出荷の注文、対応が残っている連携失敗、返送の反映待ちなど、作業が必要な注文（Alt+1）</source>
            <translation>Orders with work left: unshipped orders, link failures still to handle, returns waiting for makeshop and so on (Alt+1)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="168" />
            <source>Amazon の出荷期限が今日の注文（Alt+2）</source>
            <translation>Orders whose Amazon ship-by date is today (Alt+2)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="169" />
            <source>Amazon の出荷期限を過ぎた注文（Alt+3）</source>
            <translation>Orders past their Amazon ship-by date (Alt+3)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="171" />
            <source>出荷通知や返送を送り、Amazon・makeshop に反映されるのを待っている注文（Alt+4）</source>
            <translation>Orders whose confirmation or return was sent and is waiting to show on Amazon or makeshop (Alt+4)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="173" />
            <source>すべての注文（Alt+5）</source>
            <translation>All orders (Alt+5)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="177" />
            <source>{0} ({1})</source>
            <translation>{0} ({1})</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="182" />
            <source>今日の出荷通知 {0} 件・残り {1} 件・期限切れ {2} 件</source>
            <translation>Confirmed today: {0} · Left: {1} · Overdue: {2}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="192" />
            <source>{0} 件</source>
            <translation>{0} orders</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/view_filters.py" line="194" />
            <source>{0} / {1} 件</source>
            <translation>{0} / {1}</translation>
        </message>
    </context>
    <context>
        <name>WelcomeDialog</name>
        <message>
            <location filename="../../ui/welcome.py" line="35" />
            <location filename="../../ui/welcome.py" line="40" />
            <source>amzdesk へようこそ</source>
            <translation>Welcome to amzdesk</translation>
        </message>
        <message>
            <location filename="../../ui/welcome.py" line="36" />
            <source>ようこそ</source>
            <translation>Welcome</translation>
        </message>
        <message>
            <location filename="../../ui/welcome.py" line="47" />
            <source>amzdesk は、makeshop のショップと Amazon（makeshop の Amazon 連携）の注文を一覧にして、出荷通知を正しい側に、正しい配送業者と追跡番号で、二重にならずに送るためのアプリです。

使うには Amazon（SP-API）と makeshop（API）の認証情報が必要です。Amazon 側には大口出品のアカウントが必要です。

まだ認証情報がない場合は、内蔵のシミュレーターを使ったデモで、すぐに画面と操作を試せます。デモの操作は実際の Amazon や makeshop には送られません。</source>
            <translation>amzdesk lists the orders of your makeshop shop and of Amazon (through makeshop's Amazon integration) and sends each shipment confirmation to the right side, with the right carrier and tracking number, never twice.

It needs credentials for Amazon (SP-API) and makeshop (API). The Amazon side needs a Professional selling account.

If you do not have credentials yet, the demo on the built-in simulator lets you try the window right away. Nothing done in the demo reaches the real Amazon or makeshop.</translation>
        </message>
        <message>
            <location filename="../../ui/welcome.py" line="65" />
            <source>キーリングの問題</source>
            <translation>Keyring problem</translation>
        </message>
        <message>
            <location filename="../../ui/welcome.py" line="66" />
            <location filename="../../ui/welcome.py" line="68" />
            <source>認証情報を設定する</source>
            <translation>Set up credentials</translation>
        </message>
        <message>
            <location filename="../../ui/welcome.py" line="69" />
            <location filename="../../ui/welcome.py" line="71" />
            <source>デモを試す</source>
            <translation>Try the demo</translation>
        </message>
    </context>
    <context>
        <name>WindowMenus</name>
        <message>
            <location filename="../../ui/main_window/menus.py" line="177" />
            <source>同期</source>
            <translation>Sync</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/menus.py" line="178" />
            <source>Amazon と makeshop から注文を取得します（F5）</source>
            <translation>Fetch orders from Amazon and makeshop (F5)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/menus.py" line="179" />
            <source>設定・認証情報</source>
            <translation>Settings &amp;&amp; credentials</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/menus.py" line="180" />
            <source>操作履歴</source>
            <translation>Journal</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/menus.py" line="181" />
            <source>送り状CSVを取り込む</source>
            <translation>Import label CSV</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/menus.py" line="182" />
            <source>Amazon アップロードファイルを書き出す</source>
            <translation>Write Amazon upload file</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/menus.py" line="183" />
            <source>終了</source>
            <translation>Quit</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/menus.py" line="184" />
            <source>ファイル(&amp;F)</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/menus.py" line="185" />
            <source>注文(&amp;O)</source>
            <translation>&amp;Order</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/menus.py" line="186" />
            <source>表示(&amp;V)</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/menus.py" line="187" />
            <source>検索欄へ移動</source>
            <translation>Go to search</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/menus.py" line="188" />
            <source>注文一覧へ移動</source>
            <translation>Go to the order list</translation>
        </message>
        <message>
            <location filename="../../ui/main_window/menus.py" line="198" />
            <source>セラーセントラルで返送処理したことを記録する</source>
            <translation>Record that the return was processed in Seller Central</translation>
        </message>
    </context>
    <context>
        <name>amzdesk</name>
        <message>
            <source>未処理</source>
            <translation>Unprocessed</translation>
        </message>
        <message>
            <source>自社の注文です。処理区分は未処理で、まだ配送完了にしていません。</source>
            <translation>A shop order. Its processing status is Unprocessed: not marked as shipped yet.</translation>
        </message>
        <message>
            <source>配送完了</source>
            <translation>Shipped</translation>
        </message>
        <message>
            <source>自社の注文です。makeshop で配送完了にしてあります。</source>
            <translation>A shop order, marked as shipped in makeshop.</translation>
        </message>
        <message>
            <source>要出荷通知</source>
            <translation>Confirm shipment</translation>
        </message>
        <message>
            <source>Amazon に出荷通知がまだ届いていません。</source>
            <translation>Amazon has not received a shipment confirmation yet.</translation>
        </message>
        <message>
            <source>makeshop 同期待ち</source>
            <translation>Waiting for makeshop</translation>
        </message>
        <message>
            <source>Amazon では出荷済みです。makeshop は自動で配送完了になるので、待ってください。</source>
            <translation>Shipped on Amazon. makeshop will mark it as shipped by itself; please wait.</translation>
        </message>
        <message>
            <source>完了</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>Amazon では出荷済み、makeshop では配送完了です。</source>
            <translation>Shipped on Amazon and marked as shipped in makeshop.</translation>
        </message>
        <message>
            <source>連携失敗・対応不要</source>
            <translation>Link failed, nothing to do</translation>
        </message>
        <message>
            <source>決済ステータスが連携失敗ですが、Amazon では出荷済みなので対応は不要です。</source>
            <translation>The payment status is "link failed", but Amazon shows it shipped, so nothing needs doing.</translation>
        </message>
        <message>
            <source>連携失敗・要出荷通知</source>
            <translation>Link failed, confirm shipment</translation>
        </message>
        <message>
            <source>決済ステータスが連携失敗です。Amazon 側で出荷通知してください。</source>
            <translation>The payment status is "link failed". Confirm the shipment on the Amazon side.</translation>
        </message>
        <message>
            <source>返送反映待ち</source>
            <translation>Return pending in makeshop</translation>
        </message>
        <message>
            <source>セラーセントラルで返送処理済みです。makeshop の処理区分が「返送」になるまで待ってください。</source>
            <translation>The return was processed in Seller Central. Wait until makeshop's processing status turns to "Returned".</translation>
        </message>
        <message>
            <source>返送済み</source>
            <translation>Returned</translation>
        </message>
        <message>
            <source>返送済みです。</source>
            <translation>Returned.</translation>
        </message>
        <message>
            <source>キャンセル</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>キャンセルされた注文です。</source>
            <translation>A cancelled order.</translation>
        </message>
        <message>
            <source>FBA（Amazon が出荷）</source>
            <translation>FBA (shipped by Amazon)</translation>
        </message>
        <message>
            <source>FBA の注文です。Amazon が出荷するので、ここでは何もできません。</source>
            <translation>An FBA order. Amazon ships it, so there is nothing to do here.</translation>
        </message>
        <message>
            <source>結果確認中</source>
            <translation>Checking outcome</translation>
        </message>
        <message>
            <source>送信した処理の結果がまだ分かりません。結果を確認するまで同じ処理はしないでください。</source>
            <translation>The outcome of what was sent is not known yet. Do not repeat it until it is checked.</translation>
        </message>
        <message>
            <source>アップロード待ち</source>
            <translation>Waiting for upload</translation>
        </message>
        <message>
            <source>Amazon 用のアップロードファイルに書き出し済みです。ファイルをセラーセントラルにアップロードするか、書き出しを取り消してください。</source>
            <translation>Written to the Amazon upload file. Upload the file in Seller Central, or cancel the export.</translation>
        </message>
        <message>
            <source>Amazon 反映待ち</source>
            <translation>Waiting for Amazon</translation>
        </message>
        <message>
            <source>このアプリから Amazon に出荷通知済みです。Amazon の状態が出荷済みになるまで待ってください。</source>
            <translation>This app confirmed the shipment on Amazon. Wait until Amazon shows it as shipped.</translation>
        </message>
        <message>
            <source>Amazon 保留中</source>
            <translation>Pending on Amazon</translation>
        </message>
        <message>
            <source>Amazon で保留中（支払い確認中など）のため、まだ出荷できません。</source>
            <translation>Pending on Amazon (e.g. payment being verified): it cannot be shipped yet.</translation>
        </message>
        <message>
            <source>出荷不可（Amazon）</source>
            <translation>Unfulfillable (Amazon)</translation>
        </message>
        <message>
            <source>Amazon がこの注文を出荷できない状態と報告しています。</source>
            <translation>Amazon reports that this order cannot be fulfilled.</translation>
        </message>
        <message>
            <source>Amazon の状態が不明</source>
            <translation>Amazon status unknown</translation>
        </message>
        <message>
            <source>Amazon がこのアプリの知らない状態を返しました。セラーセントラルで注文の状態を確認してください。</source>
            <translation>Amazon reported a status this app does not know. Check the order's status in Seller Central.</translation>
        </message>
        <message>
            <source>追跡番号が Amazon に届いていない</source>
            <translation>Tracking number not on Amazon</translation>
        </message>
        <message>
            <source>Amazon では出荷済みですが、追跡番号が Amazon に届いていません。makeshop で配送完了にしても伝票番号は Amazon に渡りません。セラーセントラルで追跡番号を追加してください。</source>
            <translation>Shipped on Amazon, but Amazon has no tracking number. makeshop's "shipped" never passes the slip number to Amazon. Add the tracking number in Seller Central.</translation>
        </message>
        <message>
            <source>Amazon 未反映・要確認</source>
            <translation>Not reflected on Amazon: check</translation>
        </message>
        <message>
            <source>出荷通知を送りましたが、Amazon にまだ反映されていません。セラーセントラルで注文を確認してください。</source>
            <translation>The shipment confirmation was sent but Amazon does not show it yet. Check the order in Seller Central.</translation>
        </message>
        <message>
            <source>makeshop 返送未反映・要確認</source>
            <translation>Return not reflected in makeshop: check</translation>
        </message>
        <message>
            <source>セラーセントラルで返送処理してからしばらくたちますが、makeshop の処理区分が「返送」になりません。makeshop の管理画面で確認してください。</source>
            <translation>The return was processed in Seller Central a while ago, but makeshop's processing status has not turned to "Returned". Check it in the makeshop admin.</translation>
        </message>
        <message>
            <source>Amazon の登録内容が違う</source>
            <translation>Amazon record differs</translation>
        </message>
        <message>
            <source>Amazon に登録された配送業者か追跡番号が、送った内容と違います（または荷物が見つかりません）。出荷通知を送り直すか、セラーセントラルの注文画面で直してください。</source>
            <translation>The carrier or tracking number Amazon recorded differs from what was sent (or the package is missing). Send the shipping confirmation again, or correct it on the order page in Seller Central.</translation>
        </message>
        <message>
            <source>期限切れ</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>今日が期限</source>
            <translation>Due today</translation>
        </message>
        <message>
            <source>Amazon に出荷通知</source>
            <translation>Confirm on Amazon</translation>
        </message>
        <message>
            <source>追跡番号を訂正</source>
            <translation>Correct tracking number</translation>
        </message>
        <message>
            <source>makeshop で配送完了にする</source>
            <translation>Mark as shipped in makeshop</translation>
        </message>
        <message>
            <source>返送</source>
            <translation>Return</translation>
        </message>
        <message>
            <source>注文を編集</source>
            <translation>Edit order</translation>
        </message>
        <message>
            <source>購入者情報を表示</source>
            <translation>Show buyer details</translation>
        </message>
        <message>
            <source>セラーセントラルで開く</source>
            <translation>Open in Seller Central</translation>
        </message>
        <message>
            <source>makeshop 管理画面で開く</source>
            <translation>Open in makeshop admin</translation>
        </message>
        <message>
            <source>書き出しを取り消す</source>
            <translation>Cancel export</translation>
        </message>
        <message>
            <source>セラーセントラルで返送処理したことを記録する</source>
            <translation>Record that the return was processed in Seller Central</translation>
        </message>
        <message>
            <source>追跡番号あり</source>
            <translation>Has a tracking number</translation>
        </message>
        <message>
            <source>追跡番号なし</source>
            <translation>No tracking number</translation>
        </message>
        <message>
            <source>追跡番号の有無不明</source>
            <translation>Tracking number unknown</translation>
        </message>
        <message>
            <source>Amazon には「配送業者ABF」と表示され、実際の配送業者が伝わりません。Amazon 側で出荷通知してください</source>
            <translation>Amazon shows "配送業者ABF" (generic carrier), which does not name the real carrier. Confirm the shipment on the Amazon side</translation>
        </message>
        <message>
            <source>配送業者が選ばれていません。Amazon には「配送業者ABF」と表示され、実際の配送業者が伝わりません。Amazon 側で出荷通知してください</source>
            <translation>No carrier chosen. Amazon shows "配送業者ABF" (generic carrier), which does not name the real carrier. Confirm the shipment on the Amazon side</translation>
        </message>
        <message>
            <source>makeshop で配送完了にしても伝票番号は Amazon に届きません。Amazon 側で出荷通知してください</source>
            <translation>Marking it as shipped in makeshop never passes the slip number to Amazon. Confirm the shipment on the Amazon side</translation>
        </message>
        <message>
            <source>この配送方法に追跡番号があるか分かりません。追跡番号がある場合は Amazon 側で出荷通知してください</source>
            <translation>It is not known whether this method has a tracking number. If it has one, confirm the shipment on the Amazon side</translation>
        </message>
        <message>
            <source>makeshop に登録がない配送業者です。Amazon 側で配送業者名を指定して出荷通知してください</source>
            <translation>This carrier is not registered in makeshop. Confirm the shipment on the Amazon side, giving the carrier's name</translation>
        </message>
        <message>
            <source>同期を開始しました</source>
            <translation>Sync started</translation>
        </message>
        <message>
            <source>Amazon の未出荷の注文を取得しています</source>
            <translation>Fetching unshipped Amazon orders</translation>
        </message>
        <message>
            <source>makeshop の未処理の注文を取得しています</source>
            <translation>Fetching unprocessed makeshop orders</translation>
        </message>
        <message>
            <source>Amazon の更新された注文を取得しています</source>
            <translation>Fetching updated Amazon orders</translation>
        </message>
        <message>
            <source>makeshop の最近の注文を取得しています</source>
            <translation>Fetching recent makeshop orders</translation>
        </message>
        <message>
            <source>対応が必要な注文はすべて取得しました。作業を始められます</source>
            <translation>Every order that needs action is here. You can start working.</translation>
        </message>
        <message>
            <source>makeshop の過去の注文を取得しています</source>
            <translation>Fetching older makeshop orders</translation>
        </message>
        <message>
            <source>Amazon の過去の注文を取得しています（時間がかかります）</source>
            <translation>Fetching older Amazon orders (this takes a while)</translation>
        </message>
        <message>
            <source>同期が完了しました</source>
            <translation>Sync finished</translation>
        </message>
        <message>
            <source>同期を中止しました</source>
            <translation>Sync cancelled</translation>
        </message>
        <message>
            <source>送信できます</source>
            <translation>Can be sent</translation>
        </message>
        <message>
            <source>出荷通知済み</source>
            <translation>Already confirmed</translation>
        </message>
        <message>
            <source>注文が見つかりません</source>
            <translation>Order not found</translation>
        </message>
        <message>
            <source>重複</source>
            <translation>Duplicate</translation>
        </message>
        <message>
            <source>不正な行</source>
            <translation>Invalid row</translation>
        </message>
        <message>
            <source>送信できません</source>
            <translation>Cannot be sent</translation>
        </message>
        <message>
            <source>他の注文と同じ番号</source>
            <translation>Number also on another order</translation>
        </message>
        <message>
            <source>自動判別</source>
            <translation>Detect automatically</translation>
        </message>
        <message>
            <source>ヤマト B2クラウド</source>
            <translation>Yamato B2 Cloud</translation>
        </message>
        <message>
            <source>佐川 e飛伝</source>
            <translation>Sagawa e-Hiden</translation>
        </message>
        <message>
            <source>日本郵便 ゆうプリR</source>
            <translation>Japan Post Yu-Print R</translation>
        </message>
        <message>
            <source>クリックポスト</source>
            <translation>Click Post</translation>
        </message>
        <message>
            <source>汎用CSV（列を指定）</source>
            <translation>Generic CSV (choose columns)</translation>
        </message>
        <message>
            <source>出荷通知の記録</source>
            <translation>Shipment confirmation report</translation>
        </message>
        <message>
            <source>送信 {0} 件、期限切れ {1} 件、未対応 {2} 件</source>
            <translation>{0} sent, {1} overdue, {2} to do</translation>
        </message>
        <message>
            <source>送信したもの</source>
            <translation>Sent</translation>
        </message>
        <message>
            <source>まだ残っているもの</source>
            <translation>Still to do</translation>
        </message>
        <message>
            <source>ありません</source>
            <translation>None</translation>
        </message>
        <message>
            <source>日時</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>注文番号</source>
            <translation>Order</translation>
        </message>
        <message>
            <source>送信先</source>
            <translation>Sent to</translation>
        </message>
        <message>
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>配送業者</source>
            <translation>Carrier</translation>
        </message>
        <message>
            <source>追跡番号</source>
            <translation>Tracking number</translation>
        </message>
        <message>
            <source>結果</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>makeshop注文番号</source>
            <translation>makeshop order</translation>
        </message>
        <message>
            <source>状態</source>
            <translation>State</translation>
        </message>
        <message>
            <source>出荷期限</source>
            <translation>Ship by</translation>
        </message>
        <message>
            <source>Amazon</source>
            <translation>Amazon</translation>
        </message>
        <message>
            <source>makeshop</source>
            <translation>makeshop</translation>
        </message>
        <message>
            <source>アップロード用ファイル</source>
            <translation>Upload file</translation>
        </message>
        <message>
            <source>出荷通知</source>
            <translation>Shipment confirmation</translation>
        </message>
        <message>
            <source>追跡番号の訂正</source>
            <translation>Tracking number correction</translation>
        </message>
        <message>
            <source>返送（セラーセントラルで処理済み）</source>
            <translation>Return (processed in Seller Central)</translation>
        </message>
        <message>
            <source>出荷通知ファイルに書き出し</source>
            <translation>Written to the upload file</translation>
        </message>
        <message>
            <source>失敗</source>
            <translation>Failed</translation>
        </message>
        <message>
            <source>書き出し済み</source>
            <translation>Written</translation>
        </message>
        <message>
            <source>結果不明</source>
            <translation>Outcome unknown</translation>
        </message>
    </context>
    <context>
        <name>amzdesk.msg</name>
        <message>
            <source>注文 {order} の出荷期限は {due} です（あと {hours} 時間以内）。出荷したら出荷通知を送ってください</source>
            <comment>alerts.due_soon</comment>
            <translation>Order {order} must ship by {due} (within {hours} hours). Send the shipping confirmation once it has shipped</translation>
        </message>
        <message>
            <source>{count} 件の注文の出荷期限が {hours} 時間以内です。出荷したら出荷通知を送ってください</source>
            <comment>alerts.due_soon_many</comment>
            <translation>{count} orders must ship within {hours} hours. Send the shipping confirmation once they have shipped</translation>
        </message>
        <message>
            <source>出荷期限が近づいています</source>
            <comment>alerts.due_soon_title</comment>
            <translation>Ship-by deadline approaching</translation>
        </message>
        <message>
            <source>注文 {order} の出荷期限（{due}）を過ぎています。出荷して出荷通知を送ってください</source>
            <comment>alerts.overdue</comment>
            <translation>Order {order} is past its ship-by deadline ({due}). Ship it and send the shipping confirmation</translation>
        </message>
        <message>
            <source>{count} 件の注文が出荷期限を過ぎています。一覧で「期限切れ」を確認してください</source>
            <comment>alerts.overdue_many</comment>
            <translation>{count} orders are past their ship-by deadline. Check "Overdue" in the list</translation>
        </message>
        <message>
            <source>出荷期限を過ぎた注文があります</source>
            <comment>alerts.overdue_many_title</comment>
            <translation>Orders past their ship-by deadline</translation>
        </message>
        <message>
            <source>出荷期限を過ぎました</source>
            <comment>alerts.overdue_title</comment>
            <translation>Ship-by deadline passed</translation>
        </message>
        <message>
            <source>今日が期限 {due_today} 件、期限切れ {overdue} 件（出荷通知がまだの注文）</source>
            <comment>alerts.tray</comment>
            <translation>Due today: {due_today}, overdue: {overdue} (orders without a shipping confirmation)</translation>
        </message>
        <message>
            <source>反映待ちが長い出荷通知 {count} 件</source>
            <comment>alerts.tray_unreflected</comment>
            <translation>Shipping confirmations waiting unusually long: {count}</translation>
        </message>
        <message>
            <source>注文 {order} の出荷通知が、送ってから {hours} 時間たっても {service} に反映されていません。同期して確認してください</source>
            <comment>alerts.unreflected</comment>
            <translation>The shipping confirmation of order {order} is still not reflected in {service} {hours} hours after it was sent. Sync to check</translation>
        </message>
        <message>
            <source>{count} 件の出荷通知がまだ反映されていません。同期して確認してください</source>
            <comment>alerts.unreflected_many</comment>
            <translation>{count} shipping confirmations are not reflected yet. Sync to check</translation>
        </message>
        <message>
            <source>出荷通知が反映されていません</source>
            <comment>alerts.unreflected_title</comment>
            <translation>Shipping confirmation not reflected</translation>
        </message>
        <message>
            <source>Amazon 側で出荷通知するには配送業者を選んでください</source>
            <comment>carriers.choose_for_amazon</comment>
            <translation>Choose a carrier to confirm the shipment on the Amazon side</translation>
        </message>
        <message>
            <source>makeshop に登録がない配送業者です</source>
            <comment>carriers.custom</comment>
            <translation>This carrier is not registered in makeshop</translation>
        </message>
        <message>
            <source>FBA の注文は Amazon が出荷します。配送業者を選ぶ必要はありません</source>
            <comment>carriers.fba</comment>
            <translation>FBA orders are shipped by Amazon. No carrier needs to be chosen</translation>
        </message>
        <message>
            <source>makeshop で配送完了にしても Amazon に正しく伝わります</source>
            <comment>carriers.makeshop_ok</comment>
            <translation>Marking it as shipped in makeshop also tells Amazon correctly</translation>
        </message>
        <message>
            <source>おすすめ: Amazon 側で出荷通知する</source>
            <comment>carriers.recommend_amazon</comment>
            <translation>Recommended: confirm the shipment on the Amazon side</translation>
        </message>
        <message>
            <source>Amazon 側で出荷通知した場合に送る配送業者: {name}（{code}）</source>
            <comment>carriers.send_amazon</comment>
            <translation>Carrier sent when confirming on the Amazon side: {name} ({code})</translation>
        </message>
        <message>
            <source>Amazon 側で出荷通知した場合に送る配送業者: {name}</source>
            <comment>carriers.send_amazon_plain</comment>
            <translation>Carrier sent when confirming on the Amazon side: {name}</translation>
        </message>
        <message>
            <source>makeshop に送る配送業者: {name}（コード {code}）</source>
            <comment>carriers.shop_code</comment>
            <translation>Carrier sent to makeshop: {name} (code {code})</translation>
        </message>
        <message>
            <source>makeshop に登録がない配送業者は、自社の注文では選べません</source>
            <comment>carriers.shop_custom</comment>
            <translation>A carrier not registered in makeshop cannot be chosen for a shop order</translation>
        </message>
        <message>
            <source>「{name}」には makeshop の配送業者コードがないため、ここから配送完了にできません。makeshop の管理画面で配送業者を選んでください</source>
            <comment>carriers.shop_no_code</comment>
            <translation>"{name}" has no makeshop carrier code, so the order cannot be marked as shipped from here. Choose the carrier in the makeshop admin</translation>
        </message>
        <message>
            <source>配送業者を選ばずに配送完了にします</source>
            <comment>carriers.shop_none</comment>
            <translation>Marks the order as shipped without a carrier</translation>
        </message>
        <message>
            <source>makeshop で配送完了にした場合の Amazon での表示: {name}</source>
            <comment>carriers.via_makeshop</comment>
            <translation>Shown on Amazon if marked as shipped in makeshop: {name}</translation>
        </message>
        <message>
            <source>makeshop で配送完了にした場合の Amazon での表示: {name}（実際の配送業者は伝わりません）</source>
            <comment>carriers.via_makeshop_abf</comment>
            <translation>Shown on Amazon if marked as shipped in makeshop: {name} (the real carrier is not passed on)</translation>
        </message>
        <message>
            <source>利用できません ({name})</source>
            <comment>credentials.backend_error</comment>
            <translation>Not available ({name})</translation>
        </message>
        <message>
            <source>利用できません: {backend}</source>
            <comment>credentials.backend_refused</comment>
            <translation>Not available: {backend}</translation>
        </message>
        <message>
            <source>({detail})</source>
            <comment>credentials.detail</comment>
            <translation>({detail})</translation>
        </message>
        <message>
            <source>LWA クライアントID</source>
            <comment>credentials.label_lwa_client_id</comment>
            <translation>LWA client ID</translation>
        </message>
        <message>
            <source>LWA クライアントシークレット</source>
            <comment>credentials.label_lwa_client_secret</comment>
            <translation>LWA client secret</translation>
        </message>
        <message>
            <source>LWA リフレッシュトークン</source>
            <comment>credentials.label_lwa_refresh_token</comment>
            <translation>LWA refresh token</translation>
        </message>
        <message>
            <source>makeshop APIキー</source>
            <comment>credentials.label_makeshop_api_key</comment>
            <translation>makeshop API key</translation>
        </message>
        <message>
            <source>makeshop アクセストークン</source>
            <comment>credentials.label_makeshop_token</comment>
            <translation>makeshop access token</translation>
        </message>
        <message>
            <source>サービス名が空です</source>
            <comment>credentials.no_service</comment>
            <translation>The service name is empty</translation>
        </message>
        <message>
            <source>平文/ファイル保存のキーリングは使いません: {backend}</source>
            <comment>credentials.plaintext_refused</comment>
            <translation>Plain-text or file keyrings are not used: {backend}</translation>
        </message>
        <message>
            <source>OSのキーリングが使えません。gnome-keyring または KWallet（Secret Service）を入れてログインし直してください: sudo apt install gnome-keyring</source>
            <comment>credentials.unavailable_linux</comment>
            <translation>No usable OS keyring. Install a Secret Service provider (GNOME Keyring or KWallet), then log in again: sudo apt install gnome-keyring</translation>
        </message>
        <message>
            <source>macOS のキーチェーンにアクセスできません。キーチェーンのロックを解除してからやり直してください。</source>
            <comment>credentials.unavailable_macos</comment>
            <translation>The macOS Keychain is not accessible. Unlock the login keychain and try again.</translation>
        </message>
        <message>
            <source>OSのキーリングが使えません。認証情報は平文では保存しません。</source>
            <comment>credentials.unavailable_other</comment>
            <translation>No usable OS keyring. Credentials are never stored in plain text.</translation>
        </message>
        <message>
            <source>Windows の資格情報マネージャーにアクセスできません。Windows にログインし直してからやり直してください。</source>
            <comment>credentials.unavailable_windows</comment>
            <translation>Windows Credential Manager is not accessible. Sign in to Windows again and try again.</translation>
        </message>
        <message>
            <source>不明な認証情報の名前です: {name}（使える名前: {names}）</source>
            <comment>credentials.unknown_name</comment>
            <translation>Unknown credential name: {name} (known names: {names})</translation>
        </message>
        <message>
            <source>{label} が空です。値を入力してください</source>
            <comment>credentials.value_empty</comment>
            <translation>{label} is empty. Enter a value</translation>
        </message>
        <message>
            <source>{label} に改行やタブが含まれています</source>
            <comment>credentials.value_has_breaks</comment>
            <translation>{label} contains a line break or a tab</translation>
        </message>
        <message>
            <source>{label} は文字列で入力してください</source>
            <comment>credentials.value_not_text</comment>
            <translation>{label}: enter it as text</translation>
        </message>
        <message>
            <source>Amazon がアクセスを拒否しました。アプリに注文を扱う権限（ロール）があるか、セラーセントラルで承認されているか確認してください。</source>
            <comment>doctor.amazon_denied</comment>
            <translation>Amazon denied access. Check that the app has the role for orders and is authorised in Seller Central.</translation>
        </message>
        <message>
            <source>Amazon がログイン情報（クライアント ID・シークレット・リフレッシュトークン）を受け付けませんでした。セラーセントラルでアプリを承認し直し、新しいリフレッシュトークンを設定してください。</source>
            <comment>doctor.amazon_token_refused</comment>
            <translation>Amazon did not accept the login details (client ID, secret, refresh token). Authorise the app again in Seller Central and set the new refresh token.</translation>
        </message>
        <message>
            <source>{service} の応答が読み取れませんでした。アプリを最新版にし、解決しなければサポートに伝えてください。</source>
            <comment>doctor.bad_answer</comment>
            <translation>The answer from {service} could not be read. Update the app; if that does not help, tell support.</translation>
        </message>
        <message>
            <source>{service} が混み合っています（利用回数の上限）。少し待ってからもう一度お試しください。</source>
            <comment>doctor.busy</comment>
            <translation>{service} is busy (usage limit reached). Wait a little and try again.</translation>
        </message>
        <message>
            <source>このパソコンの時計が {minutes} 分ずれています。makeshop は時刻のずれた問い合わせを受け付けません。パソコンの日付と時刻を自動設定にしてください。</source>
            <comment>doctor.clock_skew</comment>
            <translation>This computer's clock is {minutes} minutes off. makeshop refuses requests with a wrong time. Set the computer's date and time to automatic.</translation>
        </message>
        <message>
            <source>{service} がこのアプリの問い合わせの項目を受け付けませんでした（{what}）。サービスの仕様が変わった可能性があります。アプリを最新版にし、解決しなければこの内容をサポートに伝えてください。</source>
            <comment>doctor.field_refused</comment>
            <translation>{service} refused a field of this app's request ({what}). The service may have changed. Update the app; if that does not help, send this to support.</translation>
        </message>
        <message>
            <source>makeshop で、このアプリの API の利用がまだ承認されていません。makeshop の管理画面でアプリが使う API を承認してから、もう一度お試しください。</source>
            <comment>doctor.makeshop_not_approved</comment>
            <translation>The shop has not yet approved this app's use of the makeshop API. Approve the APIs the app uses in makeshop's admin, then try again.</translation>
        </message>
        <message>
            <source>Amazon がマーケットプレイスを受け付けませんでした。このアカウントが Amazon.co.jp で出品しているか確認してください。</source>
            <comment>doctor.marketplace_refused</comment>
            <translation>Amazon did not accept the marketplace. Check that this account sells on Amazon.co.jp.</translation>
        </message>
        <message>
            <source>Amazon の認証情報（クライアント ID・シークレット・リフレッシュトークン）をすべて入力してください</source>
            <comment>doctor.missing_amazon</comment>
            <translation>Enter all of the Amazon credentials (client ID, client secret and refresh token)</translation>
        </message>
        <message>
            <source>makeshop のアクセストークンと API キーを入力してください</source>
            <comment>doctor.missing_makeshop</comment>
            <translation>Enter the makeshop access token and API key</translation>
        </message>
        <message>
            <source>{service} に接続できません。インターネット接続、プロキシやファイアウォールの設定、接続先の URL を確認してください。</source>
            <comment>doctor.network</comment>
            <translation>Cannot connect to {service}. Check the internet connection, proxy and firewall settings, and the endpoint URL.</translation>
        </message>
        <message>
            <source>{service} から時間内に応答がありません。しばらくしてからもう一度お試しください。</source>
            <comment>doctor.no_answer</comment>
            <translation>No answer from {service} in time. Try again later.</translation>
        </message>
        <message>
            <source>認証情報が設定されていません。</source>
            <comment>doctor.not_configured</comment>
            <translation>No credentials are set.</translation>
        </message>
        <message>
            <source>Amazon に接続できました（注文 {count} 件を確認）。</source>
            <comment>doctor.ok_amazon</comment>
            <translation>Connected to Amazon ({count} orders checked).</translation>
        </message>
        <message>
            <source>makeshop に接続できました（注文 {count} 件を確認）。</source>
            <comment>doctor.ok_makeshop</comment>
            <translation>Connected to makeshop ({count} orders checked).</translation>
        </message>
        <message>
            <source>{service} との通信でエラーが起きました（{what}）。</source>
            <comment>doctor.other</comment>
            <translation>An error occurred while talking to {service} ({what}).</translation>
        </message>
        <message>
            <source>{service} 側でエラーが起きています。しばらくしてからもう一度お試しください。</source>
            <comment>doctor.server</comment>
            <translation>{service} has an error on its side. Try again later.</translation>
        </message>
        <message>
            <source>なお、このパソコンの時計が {minutes} 分ずれています。</source>
            <comment>doctor.skew_note</comment>
            <translation> Note: this computer's clock is {minutes} minutes off.</translation>
        </message>
        <message>
            <source>{service} との安全な接続（証明書の確認）に失敗しました。社内ネットワークの証明書の設定か、接続先の URL を確認してください。</source>
            <comment>doctor.tls</comment>
            <translation>The secure connection to {service} failed (certificate check). Check the network's certificate settings or the endpoint URL.</translation>
        </message>
        <message>
            <source>{service} がログイン情報を受け付けませんでした。トークンやキーが正しいか、期限が切れていないか確認し、設定し直してください。</source>
            <comment>doctor.token_refused</comment>
            <translation>{service} did not accept the login details. Check that the token and key are correct and not expired, and set them again.</translation>
        </message>
        <message>
            <source>マーケットプレイスが Amazon.co.jp（{expected}）ではありません（設定：{got}）。日本の出品用アカウントとして設定し直してください。</source>
            <comment>doctor.wrong_marketplace</comment>
            <translation>The marketplace is not Amazon.co.jp ({expected}) (set: {got}). Set the account up again as a Japanese seller account.</translation>
        </message>
        <message>
            <source>{label}: URL の形式が正しくありません（https://… で入力してください）: {url}</source>
            <comment>endpoints.bad_url</comment>
            <translation>{label}: not a valid URL (enter one that starts with https://): {url}</translation>
        </message>
        <message>
            <source>LWA トークンURL</source>
            <comment>endpoints.label_lwa</comment>
            <translation>LWA token URL</translation>
        </message>
        <message>
            <source>makeshop エンドポイント</source>
            <comment>endpoints.label_makeshop</comment>
            <translation>makeshop endpoint</translation>
        </message>
        <message>
            <source>エンドポイント</source>
            <comment>endpoints.label_other</comment>
            <translation>endpoint</translation>
        </message>
        <message>
            <source>SP-API エンドポイント</source>
            <comment>endpoints.label_spapi</comment>
            <translation>SP-API endpoint</translation>
        </message>
        <message>
            <source>{label}: http は使えません。https:// で始まる URL を入力してください（http はこのパソコン内のテスト用サーバー 127.0.0.1 / localhost だけに使えます）</source>
            <comment>endpoints.plain_http</comment>
            <translation>{label}: http cannot be used. Enter a URL that starts with https:// (http works only for a test server on this computer, 127.0.0.1 / localhost)</translation>
        </message>
        <message>
            <source>{label}: URL に ? や # 以降を含めないでください</source>
            <comment>endpoints.query</comment>
            <translation>{label}: the URL must not contain ? or # and what follows</translation>
        </message>
        <message>
            <source>{label}: URL にユーザー名やパスワードを含めないでください</source>
            <comment>endpoints.userinfo</comment>
            <translation>{label}: the URL must not contain a user name or password</translation>
        </message>
        <message>
            <source>{service} の認証情報を確認してください（{service} に拒否されました）。「認証情報」画面で入力し直すと解決することがあります</source>
            <comment>errors.auth</comment>
            <translation>Check your {service} credentials ({service} refused them). Entering them again on the Credentials screen often fixes this</translation>
        </message>
        <message>
            <source>{service} の認証情報を確認してください（{service} に拒否されました：{said}）。「認証情報」画面で入力し直すと解決することがあります</source>
            <comment>errors.auth_said</comment>
            <translation>Check your {service} credentials ({service} refused them: {said}). Entering them again on the Credentials screen often fixes this</translation>
        </message>
        <message>
            <source>{service} から想定外の形式の応答がありました。しばらく待ってからもう一度お試しください</source>
            <comment>errors.bad_response</comment>
            <translation>{service} sent an answer in an unexpected format. Wait a moment and try again</translation>
        </message>
        <message>
            <source>中止しました</source>
            <comment>errors.cancelled</comment>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>{service} でエラーが発生しました。しばらく待ってからもう一度お試しください</source>
            <comment>errors.generic</comment>
            <translation>An error occurred at {service}. Wait a moment and try again</translation>
        </message>
        <message>
            <source>{service} でエラーが発生しました（{said}）。しばらく待ってからもう一度お試しください</source>
            <comment>errors.generic_said</comment>
            <translation>An error occurred at {service} ({said}). Wait a moment and try again</translation>
        </message>
        <message>
            <source>{service} が入力内容を受け付けませんでした。内容を確認してください</source>
            <comment>errors.input</comment>
            <translation>{service} did not accept the input. Check it</translation>
        </message>
        <message>
            <source>{service} が入力内容を受け付けませんでした：{said}。内容を確認してください</source>
            <comment>errors.input_said</comment>
            <translation>{service} did not accept the input: {said}. Check it</translation>
        </message>
        <message>
            <source>makeshop が注文 {order} の更新を受け付けませんでした：{said}。makeshop の管理画面で注文の状態を確認してください</source>
            <comment>errors.makeshop_item</comment>
            <translation>makeshop did not accept the update of order {order}: {said}. Check the order's state in the makeshop admin screen</translation>
        </message>
        <message>
            <source>makeshop が更新を受け付けませんでした：{said}。makeshop の管理画面で注文の状態を確認してください</source>
            <comment>errors.makeshop_item_no_order</comment>
            <translation>makeshop did not accept the update: {said}. Check the order's state in the makeshop admin screen</translation>
        </message>
        <message>
            <source>{service} に接続できませんでした。インターネット接続（プロキシやセキュリティソフトの設定）を確認してから、もう一度お試しください</source>
            <comment>errors.network</comment>
            <translation>Could not connect to {service}. Check the internet connection (proxy and security software settings), then try again</translation>
        </message>
        <message>
            <source>理由は示されませんでした</source>
            <comment>errors.no_reason</comment>
            <translation>no reason was given</translation>
        </message>
        <message>
            <source>{service} に該当する注文が見つかりませんでした。注文番号と出品者アカウントを確認してください</source>
            <comment>errors.not_found</comment>
            <translation>{service} found no such order. Check the order number and the seller account</translation>
        </message>
        <message>
            <source>ファイルまたはネットワークのエラーです（{name}：{detail}）</source>
            <comment>errors.os_error</comment>
            <translation>File or network error ({name}: {detail})</translation>
        </message>
        <message>
            <source>ファイルまたはネットワークのエラーです（{name}）</source>
            <comment>errors.os_error_plain</comment>
            <translation>File or network error ({name})</translation>
        </message>
        <message>
            <source>{service} への送信結果を確認できませんでした（処理された可能性があります）。二重送信を防ぐため自動では再送しません。注文の状態を再取得して確認してください</source>
            <comment>errors.outcome_unknown</comment>
            <translation>Could not confirm the result of sending to {service} (it may have been processed). To avoid sending twice it is not resent automatically. Fetch the order's state again to check</translation>
        </message>
        <message>
            <source>{service} の利用回数の上限に達しました。しばらく待ってからもう一度お試しください</source>
            <comment>errors.quota</comment>
            <translation>{service}'s request limit was reached. Wait a moment and try again</translation>
        </message>
        <message>
            <source>{service} の利用回数の上限に達しました。約 {seconds} 秒後にもう一度お試しください</source>
            <comment>errors.quota_wait</comment>
            <translation>{service}'s request limit was reached. Try again in about {seconds} seconds</translation>
        </message>
        <message>
            <source>{explanation}（{service} の原文: {original}）</source>
            <comment>errors.said</comment>
            <translation>{explanation} ({service}'s own words: {original})</translation>
        </message>
        <message>
            <source>{service} のサーバーが一時的に応答できません。しばらく待ってからもう一度お試しください</source>
            <comment>errors.server</comment>
            <translation>{service}'s server cannot answer right now. Wait a moment and try again</translation>
        </message>
        <message>
            <source>{service} のサーバーが一時的に応答できません（HTTP {status}）。しばらく待ってからもう一度お試しください</source>
            <comment>errors.server_status</comment>
            <translation>{service}'s server cannot answer right now (HTTP {status}). Wait a moment and try again</translation>
        </message>
        <message>
            <source>{service} から応答がありません（接続はできましたが、決められた時間内に答えが返りませんでした）。しばらく待ってからもう一度お試しください</source>
            <comment>errors.silent</comment>
            <translation>No answer from {service} (the connection worked, but no answer came in time). Wait a moment and try again</translation>
        </message>
        <message>
            <source>{service} から想定外に大きな応答が届いたため、読み込みを中止しました。しばらく待ってからもう一度お試しください</source>
            <comment>errors.too_large</comment>
            <translation>{service} sent an unexpectedly large answer, so reading it was stopped. Wait a moment and try again</translation>
        </message>
        <message>
            <source>予期しないエラーが発生しました（{name}）。ログを確認してください</source>
            <comment>errors.unexpected</comment>
            <translation>An unexpected error occurred ({name}). Check the log</translation>
        </message>
        <message>
            <source>同じ内容の処理がすでに行われているか、状態が合いません</source>
            <comment>errors.x_conflict</comment>
            <translation>the same request was already processed, or the order is in another state</translation>
        </message>
        <message>
            <source>サービス側の内部エラーです</source>
            <comment>errors.x_internal</comment>
            <translation>an internal error on the service's side</translation>
        </message>
        <message>
            <source>クライアント ID またはクライアントシークレットが正しくありません</source>
            <comment>errors.x_invalid_client</comment>
            <translation>the client ID or client secret is wrong</translation>
        </message>
        <message>
            <source>リフレッシュトークンが無効か、期限が切れています</source>
            <comment>errors.x_invalid_grant</comment>
            <translation>the refresh token is invalid or has expired</translation>
        </message>
        <message>
            <source>送った内容に受け付けられない値があります</source>
            <comment>errors.x_invalid_input</comment>
            <translation>something sent has a value the service does not accept</translation>
        </message>
        <message>
            <source>マーケットプレイスの指定が受け付けられませんでした</source>
            <comment>errors.x_marketplace</comment>
            <translation>the marketplace was not accepted</translation>
        </message>
        <message>
            <source>指定した注文などが見つかりません</source>
            <comment>errors.x_not_found</comment>
            <translation>the order (or other item) asked for was not found</translation>
        </message>
        <message>
            <source>サービスからのメッセージです</source>
            <comment>errors.x_other</comment>
            <translation>a message from the service</translation>
        </message>
        <message>
            <source>短い時間に問い合わせが多すぎました</source>
            <comment>errors.x_quota</comment>
            <translation>too many requests in a short time</translation>
        </message>
        <message>
            <source>送った内容が大きすぎます</source>
            <comment>errors.x_too_large</comment>
            <translation>what was sent is too large</translation>
        </message>
        <message>
            <source>ログイン情報が確認できませんでした</source>
            <comment>errors.x_unauthenticated</comment>
            <translation>the sign-in details could not be verified</translation>
        </message>
        <message>
            <source>このアプリにはこの操作の権限がありません</source>
            <comment>errors.x_unauthorized</comment>
            <translation>this app is not allowed to do this</translation>
        </message>
        <message>
            <source>このアプリはこのアカウントで承認されていません</source>
            <comment>errors.x_unauthorized_client</comment>
            <translation>this app is not authorised for this account</translation>
        </message>
        <message>
            <source>サービスが一時的に利用できません</source>
            <comment>errors.x_unavailable</comment>
            <translation>the service is temporarily unavailable</translation>
        </message>
        <message>
            <source>{name} は通常のファイルではありません（フォルダ・デバイス・パイプなど）。読み込むファイルを選び直してください</source>
            <comment>fileio.not_a_file</comment>
            <translation>{name} is not a regular file (it is a folder, a device, a pipe or similar). Choose the file to read again</translation>
        </message>
        <message>
            <source>{name} が大きすぎます（{mb} MB まで）。ファイルを分けるか、正しいファイルか確認してください</source>
            <comment>fileio.too_large</comment>
            <translation>{name} is too large (up to {mb} MB). Split the file, or check that it is the right file</translation>
        </message>
        <message>
            <source>（番号なし）</source>
            <comment>flatfile.no_number</comment>
            <translation>(no number)</translation>
        </message>
        <message>
            <source>注文 {order}: 「{text}」は Amazon のアップロードファイル（Shift_JIS）で使えない文字です。配送業者名・配送方法を書き換えてください</source>
            <comment>flatfile.not_shift_jis</comment>
            <translation>Order {order}: "{text}" cannot be written in Amazon's upload file (Shift_JIS). Change the carrier name or shipping method</translation>
        </message>
        <message>
            <source>注文 {order}: 注文番号・注文商品番号・出荷数が必要です</source>
            <comment>flatfile.row_incomplete</comment>
            <translation>Order {order}: the order number, order item number and quantity shipped are required</translation>
        </message>
        <message>
            <source>商品CSVが空です</source>
            <comment>hazards.csv_empty</comment>
            <translation>The product CSV is empty</translation>
        </message>
        <message>
            <source>商品CSVに ASIN や Amazon 出品者SKU の列が見つかりません。makeshop の商品一括登録用CSV（Amazon 連携の項目を含むもの）を書き出して選んでください</source>
            <comment>hazards.csv_no_columns</comment>
            <translation>The product CSV has no ASIN or Amazon seller SKU column. Export makeshop's bulk product registration CSV (the one with the Amazon link fields) and choose it</translation>
        </message>
        <message>
            <source>同じ商品を FBA と出品者出荷の両方で意図して出品している場合は、この警告は無視できます。</source>
            <comment>hazards.dual</comment>
            <translation>If you list this product both through FBA and merchant-fulfilled on purpose, ignore this warning.</translation>
        </message>
        <message>
            <source>FBA 在庫を取得できませんでした（FBA の注文だけと照合しました）: {error}</source>
            <comment>hazards.inventory_failed</comment>
            <translation>Could not read the FBA inventory (checked against FBA orders only): {error}</translation>
        </message>
        <message>
            <source>Amazon の認証情報がないため FBA 在庫は確認していません（FBA の注文だけと照合しました）</source>
            <comment>hazards.no_amazon</comment>
            <translation>No Amazon credentials: the FBA inventory was not read (checked against FBA orders only)</translation>
        </message>
        <message>
            <source>makeshop の商品情報は API では取得できないため、Amazon の出品者出荷の注文と照合しました（商品CSVを読み込むと、注文のない商品も確認できます）</source>
            <comment>hazards.no_products</comment>
            <translation>makeshop's API does not give product details, so Amazon merchant-fulfilled orders were checked (load a product CSV to also check products without orders)</translation>
        </message>
        <message>
            <source>出品者出荷で届いた未出荷の注文が {count} 件あります。FBA の在庫からは出荷されないため、お店から発送して出荷通知を送るか、セラーセントラルでキャンセルしてください。</source>
            <comment>hazards.open_orders</comment>
            <translation>{count} merchant-fulfilled order(s) are not shipped. FBA stock does not ship them: ship from the shop and confirm, or cancel in Seller Central.</translation>
        </message>
        <message>
            <source>makeshop の商品管理で、この商品の Amazon 連携を「連携しない」にしてください（FBA の商品は makeshop に登録・連携する必要はありません）。そのうえでセラーセントラルの在庫管理で、この商品の出品者出荷の出品を停止してください。</source>
            <comment>hazards.unlink</comment>
            <translation>In makeshop's product settings, set this product's Amazon link to "do not link" (FBA products need not be registered or linked in makeshop). Then stop its merchant-fulfilled offer in Seller Central's inventory.</translation>
        </message>
        <message>
            <source>出荷前のキャンセル: Amazon {amazon} 件（{rate}、目標 2.5 % 未満）、自社 {shop} 件</source>
            <comment>health.cancelled</comment>
            <translation>Cancelled before shipping: Amazon {amazon} ({rate}, target: under 2.5 %), shop {shop}</translation>
        </message>
        <message>
            <source>出荷期限: 期限内 {on_time} 件、遅延 {late} 件、遅延率 {rate}（Amazon の目標 4 % 未満）</source>
            <comment>health.deadline</comment>
            <translation>Ship-by deadline: {on_time} on time, {late} late, late rate {rate} (Amazon's target: under 4 %)</translation>
        </message>
        <message>
            <source>期限切れで未出荷: {count} 件</source>
            <comment>health.overdue</comment>
            <translation>Past the deadline and not shipped: {count}</translation>
        </message>
        <message>
            <source>期間: {start} 〜 {end}（{days} 日）</source>
            <comment>health.period</comment>
            <translation>Period: {start} to {end} ({days} days)</translation>
        </message>
        <message>
            <source>出荷: {count} 件（Amazon 出品者出荷 {amazon} 件、自社 {shop} 件）</source>
            <comment>health.shipped</comment>
            <translation>Shipped: {count} (Amazon self-shipped {amazon}, shop {shop})</translation>
        </message>
        <message>
            <source>有効な追跡番号: {valid} / {rated} 件、{rate}（目標 95 % 超）</source>
            <comment>health.tracking</comment>
            <translation>Valid tracking numbers: {valid} / {rated}, {rate} (target: over 95 %)</translation>
        </message>
        <message>
            <source>{line}行目: 追跡番号 {tracking} はこの注文ですでに出荷通知済みです</source>
            <comment>importers.already_sent</comment>
            <translation>Line {line}: tracking number {tracking} was already confirmed for this order</translation>
        </message>
        <message>
            <source>{line}行目: CSV として読めません（引用符 " の対応が取れていないなど）</source>
            <comment>importers.bad_csv</comment>
            <translation>Line {line}: cannot be read as CSV (for example, unmatched quotation marks ")</translation>
        </message>
        <message>
            <source>{line}行目「{column}」列: 日付を読めません</source>
            <comment>importers.bad_date</comment>
            <translation>Line {line}, column "{column}": the date cannot be read</translation>
        </message>
        <message>
            <source>形式「{format}」は扱えません</source>
            <comment>importers.bad_format</comment>
            <translation>The format "{format}" is not supported</translation>
        </message>
        <message>
            <source>{line}行目: CSV ではないデータ（バイナリ）が含まれています。送り状ソフトから CSV 形式で書き出したファイルを選んでください</source>
            <comment>importers.binary</comment>
            <translation>Line {line}: the file contains data that is not CSV (binary). Choose a file exported in CSV format from your label software</translation>
        </message>
        <message>
            <source>{line}行目: {first}行目と同じ注文・同じ追跡番号です（1回だけ送ります）</source>
            <comment>importers.duplicate</comment>
            <translation>Line {line}: same order and same tracking number as line {first} (sent only once)</translation>
        </message>
        <message>
            <source>ファイルが空です</source>
            <comment>importers.empty</comment>
            <translation>The file is empty</translation>
        </message>
        <message>
            <source>{line}行目: 文字コードを読み取れません（{what} として読めない文字があります）。UTF-8 か Shift_JIS（CP932）の CSV を選んでください</source>
            <comment>importers.encoding</comment>
            <translation>Line {line}: the character encoding cannot be read (some characters cannot be read as {what}). Choose a CSV in UTF-8 or Shift_JIS (CP932)</translation>
        </message>
        <message>
            <source>ヤマト B2クラウド</source>
            <comment>importers.fmt_b2</comment>
            <translation>Yamato B2 Cloud</translation>
        </message>
        <message>
            <source>クリックポスト</source>
            <comment>importers.fmt_clickpost</comment>
            <translation>Click Post</translation>
        </message>
        <message>
            <source>佐川 e飛伝</source>
            <comment>importers.fmt_ehiden</comment>
            <translation>Sagawa e-Hiden</translation>
        </message>
        <message>
            <source>日本郵便 ゆうプリR</source>
            <comment>importers.fmt_yupri</comment>
            <translation>Japan Post Yu-Print R</translation>
        </message>
        <message>
            <source>汎用CSVでは「注文番号」と「追跡番号」の列を指定してください（見出しは{line}行目、{columns}列）</source>
            <comment>importers.generic_needs_columns</comment>
            <translation>For a generic CSV, choose the order number and tracking number columns (the header is line {line}, {columns} columns)</translation>
        </message>
        <message>
            <source>{line}行目: {format} の見出しに必要な列がありません: {columns}</source>
            <comment>importers.missing_columns</comment>
            <translation>Line {line}: the header of {format} lacks required columns: {columns}</translation>
        </message>
        <message>
            <source>{line}行目: 同じ注文に異なる配送業者の行があります（{carriers}）。1つの注文は1つの配送業者で送ってください</source>
            <comment>importers.mixed_carriers</comment>
            <translation>Line {line}: the same order has rows with different carriers ({carriers}). Send one order with one carrier</translation>
        </message>
        <message>
            <source>{line}行目: 配送業者が分かりません。配送業者の列か、既定の配送業者を指定してください</source>
            <comment>importers.no_carrier</comment>
            <translation>Line {line}: the carrier is unknown. Choose a carrier column or a default carrier</translation>
        </message>
        <message>
            <source>{line}行目「{column}」列: 注文番号が空です</source>
            <comment>importers.no_order</comment>
            <translation>Line {line}, column "{column}": the order number is empty</translation>
        </message>
        <message>
            <source>{line}行目: 指定された列「{column}」が見出しにありません</source>
            <comment>importers.no_such_column</comment>
            <translation>Line {line}: the chosen column "{column}" is not in the header</translation>
        </message>
        <message>
            <source>{line}行目: 注文番号「{order}」の注文が見つかりません。注文を同期してからもう一度読み込んでください</source>
            <comment>importers.no_such_order</comment>
            <translation>Line {line}: no order with the order number "{order}" was found. Sync the orders, then read the file again</translation>
        </message>
        <message>
            <source>{line}行目「{column}」列: 追跡番号が空です</source>
            <comment>importers.no_tracking</comment>
            <translation>Line {line}, column "{column}": the tracking number is empty</translation>
        </message>
        <message>
            <source>ファイルが見つかりません: {name}</source>
            <comment>importers.not_found</comment>
            <translation>File not found: {name}</translation>
        </message>
        <message>
            <source>注文番号</source>
            <comment>importers.order_column</comment>
            <translation>order number</translation>
        </message>
        <message>
            <source>{line}行目: 同じ注文の別の行の追跡番号 {tracking} が不正なため送りません</source>
            <comment>importers.other_row_invalid</comment>
            <translation>Line {line}: not sent because the tracking number {tracking} on another row of the same order is invalid</translation>
        </message>
        <message>
            <source>{summary}（この注文は荷物{count}個: 追跡番号ごとに1個ずつ送ります）</source>
            <comment>importers.packages</comment>
            <translation>{summary} (this order has {count} packages: one is sent per tracking number)</translation>
        </message>
        <message>
            <source>{line}行目: {reason}</source>
            <comment>importers.row_reason</comment>
            <translation>Line {line}: {reason}</translation>
        </message>
        <message>
            <source>{line}行目: 追跡番号 {tracking} は注文 {orders} にも使われています。1つの荷物で複数の注文を送る（同梱）なら「同梱として送る」を選んでください。入力ミスならファイルを直してください</source>
            <comment>importers.shared</comment>
            <translation>Line {line}: tracking number {tracking} is also used for order {orders}. If one parcel carries several orders, choose "Send as one parcel". If it is a typo, correct the file</translation>
        </message>
        <message>
            <source>ファイルが大きすぎます（{mb} MB まで）。ファイルを分けてください</source>
            <comment>importers.too_large</comment>
            <translation>The file is too large (up to {mb} MB). Split the file</translation>
        </message>
        <message>
            <source>行が多すぎます（{limit}行まで）。ファイルを分けてください</source>
            <comment>importers.too_many_rows</comment>
            <translation>Too many rows (up to {limit}). Split the file</translation>
        </message>
        <message>
            <source>{line}行目: 送り状ソフトの形式を判別できません（見出しの行に既知の列名がありません、{columns}列）。ヤマト B2クラウド・佐川 e飛伝・ゆうプリR・クリックポストの書き出しファイルか、汎用CSVとして列を指定してください</source>
            <comment>importers.unknown_format</comment>
            <translation>Line {line}: the label software's format cannot be recognised (no known column names in the header row, {columns} columns). Choose an export file of Yamato B2 Cloud, Sagawa e-Hiden, Yu-Print R or Click Post, or specify the columns as a generic CSV</translation>
        </message>
        <message>
            <source>ファイルを読めません: {name}（{error}）</source>
            <comment>importers.unreadable</comment>
            <translation>Cannot read the file: {name} ({error})</translation>
        </message>
        <message>
            <source>UTF-16 のファイルは読めません。UTF-8 か Shift_JIS（CP932）で書き出してください</source>
            <comment>importers.utf16</comment>
            <translation>UTF-16 files cannot be read. Export in UTF-8 or Shift_JIS (CP932)</translation>
        </message>
        <message>
            <source>UTF-8 / Shift_JIS（CP932）</source>
            <comment>importers.utf8_or_cp932</comment>
            <translation>UTF-8 / Shift_JIS (CP932)</translation>
        </message>
        <message>
            <source>makeshop で、このアプリの「{api}」 API の利用がまだ承認されていません。makeshop の管理画面でアプリが使う API を承認（再同意）してから、もう一度お試しください</source>
            <comment>makeshop.not_approved</comment>
            <translation>The app's use of the "{api}" API is not approved in makeshop yet. Approve (consent again to) the APIs the app uses in the makeshop admin screen, then try again</translation>
        </message>
        <message>
            <source>makeshop で、このアプリの必要な API の利用がまだ承認されていません。makeshop の管理画面でアプリが使う API を承認（再同意）してから、もう一度お試しください</source>
            <comment>makeshop.not_approved_any</comment>
            <translation>The app's use of the APIs it needs is not approved in makeshop yet. Approve (consent again to) the APIs the app uses in the makeshop admin screen, then try again</translation>
        </message>
        <message>
            <source>makeshop がこのアプリの問い合わせを受け付けませんでした（受け付けられなかった項目：{what}）。makeshop の仕様が変わった可能性があります。アプリを最新版に更新し、解決しない場合はこの内容をサポートに伝えてください</source>
            <comment>makeshop.refused</comment>
            <translation>makeshop did not accept this app's request (not accepted: {what}). makeshop's specification may have changed. Update the app; if that does not help, send this to support</translation>
        </message>
        <message>
            <source>不明</source>
            <comment>makeshop.unknown_item</comment>
            <translation>unknown</translation>
        </message>
        <message>
            <source>別の amzdesk（ウィンドウまたはコマンド）が Amazon・makeshop と通信中です。二重送信と利用回数の超過を防ぐため、同時には送信しません。そちらが終わってからもう一度お試しください</source>
            <comment>proclock.busy</comment>
            <translation>Another amzdesk (a window or a command) is talking to Amazon and makeshop. To avoid sending twice and exceeding the request limits, nothing is sent at the same time. Try again when it has finished</translation>
        </message>
        <message>
            <source>Amazon に登録された配送業者「{amazon}」が、送った配送業者「{sent}」と違います。</source>
            <comment>readback.carrier_differs</comment>
            <translation>The carrier Amazon recorded, "{amazon}", differs from the carrier sent, "{sent}". </translation>
        </message>
        <message>
            <source>Amazon は出荷通知を受け付けましたが、配送業者が登録されていません（送った配送業者：{sent}）。</source>
            <comment>readback.carrier_missing</comment>
            <translation>Amazon accepted the shipping confirmation but recorded no carrier (carrier sent: {sent}). </translation>
        </message>
        <message>
            <source>送った配送業者コード「{code}」は Amazon の一覧にありません。先に設定の配送業者コードを直してください。</source>
            <comment>readback.code_not_listed</comment>
            <translation>The carrier code sent, "{code}", is not in Amazon's list. Correct the carrier code in the settings first. </translation>
        </message>
        <message>
            <source>Amazon の登録内容は、あとで読み戻して確かめます。</source>
            <comment>readback.later</comment>
            <translation>What Amazon recorded will be read back and checked later.</translation>
        </message>
        <message>
            <source>Amazon の注文に、送った荷物（追跡番号 {sent}）が見つかりません。</source>
            <comment>readback.package_missing</comment>
            <translation>The package sent (tracking number {sent}) is not on the Amazon order. </translation>
        </message>
        <message>
            <source>Amazon に登録された追跡番号「{amazon}」が、送った追跡番号「{sent}」と違います。</source>
            <comment>readback.tracking_differs</comment>
            <translation>The tracking number Amazon recorded, "{amazon}", differs from the one sent, "{sent}". </translation>
        </message>
        <message>
            <source>出荷通知を送り直す（同じ荷物の上書き）か、セラーセントラルの注文画面で配送業者と追跡番号を直してください。</source>
            <comment>readback.way_forward</comment>
            <translation>Send the shipping confirmation again (it overwrites the same package), or correct the carrier and tracking number on the order page in Seller Central.</translation>
        </message>
        <message>
            <source>ショップの注文の決済方法</source>
            <comment>recognition.label_excludes</comment>
            <translation>Payment methods of shop orders</translation>
        </message>
        <message>
            <source>Amazon の注文の決済方法</source>
            <comment>recognition.label_prefixes</comment>
            <translation>Payment methods of Amazon orders</translation>
        </message>
        <message>
            <source>Amazon の注文と照合済み: {count} 件</source>
            <comment>recognition.matched</comment>
            <translation>Matched to Amazon orders: {count}</translation>
        </message>
        <message>
            <source>Amazon の注文と照合済み: {count} 件（うち商品と日付で照合 {items} 件）</source>
            <comment>recognition.matched_by_items</comment>
            <translation>Matched to Amazon orders: {count} ({items} of them by items and date)</translation>
        </message>
        <message>
            <source>Amazon の注文かもしれないショップの注文: {count} 件（配送完了の前に確認します）</source>
            <comment>recognition.maybe</comment>
            <translation>Shop orders that may be Amazon orders: {count} (you will be asked before marking them delivered)</translation>
        </message>
        <message>
            <source>決済方法に Amazon の名前が含まれています</source>
            <comment>recognition.maybe_pay_method</comment>
            <translation>the payment method mentions Amazon</translation>
        </message>
        <message>
            <source>同じころに似た内容の Amazon の注文があります</source>
            <comment>recognition.maybe_similar</comment>
            <translation>an Amazon order with similar items was placed around the same time</translation>
        </message>
        <message>
            <source>Amazon が未設定のため照合していません</source>
            <comment>recognition.no_amazon</comment>
            <translation>Amazon is not set up, so nothing was matched</translation>
        </message>
        <message>
            <source>{label}: 文字列の一覧で指定してください</source>
            <comment>recognition.not_text_list</comment>
            <translation>{label}: enter a list of texts</translation>
        </message>
        <message>
            <source>Amazon 注文番号のパターンが正しくありません：{detail}</source>
            <comment>recognition.pattern_bad</comment>
            <translation>The Amazon order number pattern is not valid: {detail}</translation>
        </message>
        <message>
            <source>Amazon 注文番号のパターンが空です</source>
            <comment>recognition.pattern_empty</comment>
            <translation>The Amazon order number pattern is empty</translation>
        </message>
        <message>
            <source>Amazon の注文と判定: {count} 件</source>
            <comment>recognition.recognised</comment>
            <translation>Recognised as Amazon orders: {count}</translation>
        </message>
        <message>
            <source>makeshop の注文: {count} 件</source>
            <comment>recognition.seen</comment>
            <translation>makeshop orders: {count}</translation>
        </message>
        <message>
            <source>照合できない makeshop 側の Amazon の注文: {count} 件</source>
            <comment>recognition.unmatched_makeshop</comment>
            <translation>Amazon orders in makeshop without a match: {count}</translation>
        </message>
        <message>
            <source>makeshop に見つからない Amazon の注文: {count} 件</source>
            <comment>recognition.unmatched_spapi</comment>
            <translation>Amazon orders not found in makeshop: {count}</translation>
        </message>
        <message>
            <source>照合の時間幅は数値（時間）で指定してください</source>
            <comment>recognition.window_not_number</comment>
            <translation>The matching time window must be a number (hours)</translation>
        </message>
        <message>
            <source>照合の時間幅は 0〜{high} 時間で指定してください</source>
            <comment>recognition.window_range</comment>
            <translation>Enter a matching time window of 0 to {high} hours</translation>
        </message>
        <message>
            <source>Amazon に送る配送業者: {name}（{code}）</source>
            <comment>rules.amazon_carrier</comment>
            <translation>Carrier sent to Amazon: {name} ({code})</translation>
        </message>
        <message>
            <source>Amazon に送る配送業者: {name}</source>
            <comment>rules.amazon_carrier_plain</comment>
            <translation>Carrier sent to Amazon: {name}</translation>
        </message>
        <message>
            <source>Amazon でキャンセルされた注文です</source>
            <comment>rules.az_cancelled</comment>
            <translation>The order was cancelled on Amazon</translation>
        </message>
        <message>
            <source>Amazon の状態が出荷通知できる状態ではありません</source>
            <comment>rules.az_other</comment>
            <translation>Amazon's order status does not allow a shipment confirmation</translation>
        </message>
        <message>
            <source>Amazon で保留中（支払い確認中など）のため、まだ出荷通知できません</source>
            <comment>rules.az_pending</comment>
            <translation>Pending on Amazon (e.g. payment being verified); it cannot be confirmed yet</translation>
        </message>
        <message>
            <source>Amazon で予約注文の保留中のため、まだ出荷通知できません</source>
            <comment>rules.az_pending_availability</comment>
            <translation>A pre-order pending on Amazon; it cannot be confirmed yet</translation>
        </message>
        <message>
            <source>Amazon では出荷済みです</source>
            <comment>rules.az_shipped</comment>
            <translation>Already shipped on Amazon</translation>
        </message>
        <message>
            <source>Amazon では出荷済みです。決済ステータスは連携失敗ですが、対応は不要です</source>
            <comment>rules.az_shipped_link_failed</comment>
            <translation>Already shipped on Amazon. The payment status is "link failed", but nothing needs doing</translation>
        </message>
        <message>
            <source>Amazon がこの注文を出荷できない状態と報告しています</source>
            <comment>rules.az_unfulfillable</comment>
            <translation>Amazon reports that this order cannot be fulfilled</translation>
        </message>
        <message>
            <source>Amazon の状態が不明（{value}）のため、ここからは出荷通知できません。セラーセントラルで注文を確認してください</source>
            <comment>rules.az_unknown</comment>
            <translation>Amazon reports a status this app does not know ({value}), so the shipment cannot be confirmed from here. Check the order in Seller Central</translation>
        </message>
        <message>
            <source>配送業者を選んでください</source>
            <comment>rules.choose_carrier</comment>
            <translation>Choose a carrier</translation>
        </message>
        <message>
            <source>{where}。追跡番号 {count} 件で Amazon に出荷通知します</source>
            <comment>rules.confirm_n</comment>
            <translation>{where}. Confirms the shipment on Amazon with {count} tracking number(s)</translation>
        </message>
        <message>
            <source>{where}。追跡番号なしで Amazon に出荷通知します</source>
            <comment>rules.confirm_none</comment>
            <translation>{where}. Confirms the shipment on Amazon without a tracking number</translation>
        </message>
        <message>
            <source>このアプリから出荷通知済みです。Amazon の反映を待ってください。番号を直すときは「追跡番号を訂正」を使ってください</source>
            <comment>rules.confirm_sent_wait</comment>
            <translation>Shipment already confirmed from this app. Wait for Amazon to reflect it. To fix a number, use "Correct tracking number"</translation>
        </message>
        <message>
            <source>このアプリで出荷通知した荷物がないため、訂正できません</source>
            <comment>rules.correct_nothing</comment>
            <translation>No package was confirmed from this app, so there is nothing to correct</translation>
        </message>
        <message>
            <source>出荷通知済みの荷物の追跡番号を Amazon で訂正します</source>
            <comment>rules.correct_ok</comment>
            <translation>Corrects the tracking number of a confirmed package on Amazon</translation>
        </message>
        <message>
            <source>訂正は荷物1個ずつ行ってください</source>
            <comment>rules.correct_one</comment>
            <translation>Correct one package at a time</translation>
        </message>
        <message>
            <source>追跡番号 {number} は出荷通知済みの番号と同じです</source>
            <comment>rules.correct_same</comment>
            <translation>Tracking number {number} is the same as the confirmed one</translation>
        </message>
        <message>
            <source>Amazon の注文の購入者情報は、Amazon による個人情報保護のため表示しません</source>
            <comment>rules.customer_amazon</comment>
            <translation>Buyer details of Amazon orders are not shown: Amazon protects buyers' personal data</translation>
        </message>
        <message>
            <source>必要なときだけ makeshop から取得して表示します（保存しません）</source>
            <comment>rules.customer_ok</comment>
            <translation>Fetched from makeshop only when needed and shown (never saved)</translation>
        </message>
        <message>
            <source>Amazon 用アップロードファイルに書き出していない注文です</source>
            <comment>rules.cx_not_exported</comment>
            <translation>This order was not written to an Amazon upload file</translation>
        </message>
        <message>
            <source>Amazon 用アップロードファイルへの書き出しを取り消します。ファイルをアップロードしないときに使ってください。取り消すと、ここから出荷通知できます</source>
            <comment>rules.cx_ok</comment>
            <translation>Cancels the export to the Amazon upload file. Use it when you will not upload the file. Afterwards the shipment can be confirmed from here</translation>
        </message>
        <message>
            <source>追跡番号 {number} はこの注文ですでに出荷通知済みです</source>
            <comment>rules.duplicate_sent</comment>
            <translation>Tracking number {number} is already confirmed for this order</translation>
        </message>
        <message>
            <source>Amazon の注文は内容を変更できません。キャンセルはセラーセントラルで行ってください</source>
            <comment>rules.edit_amazon</comment>
            <translation>The contents of an Amazon order cannot be changed. Cancel it in Seller Central</translation>
        </message>
        <message>
            <source>FBA の注文は Amazon が管理します。内容は変更できず、キャンセルはセラーセントラルで行います</source>
            <comment>rules.edit_fba</comment>
            <translation>FBA orders are managed by Amazon. Their contents cannot be changed; cancelling is done in Seller Central</translation>
        </message>
        <message>
            <source>makeshop 管理画面で注文を開いて編集します</source>
            <comment>rules.edit_ok</comment>
            <translation>Opens the order in the makeshop admin to edit it</translation>
        </message>
        <message>
            <source>Amazon 用アップロードファイルに書き出し済みです。二重に出荷通知しないよう、ファイルをセラーセントラルにアップロードして反映を待つか、「書き出しを取り消す」で取り消してください</source>
            <comment>rules.exported_wait</comment>
            <translation>Already written to the Amazon upload file. To avoid confirming twice, upload the file in Seller Central and wait for it to be reflected, or use "Cancel export"</translation>
        </message>
        <message>
            <source>FBA の注文は makeshop では処理できません</source>
            <comment>rules.fba_makeshop</comment>
            <translation>FBA orders cannot be processed in makeshop</translation>
        </message>
        <message>
            <source>FBA の注文は Amazon が在庫を持ち出荷します。ここでは何もできません</source>
            <comment>rules.fba_nothing</comment>
            <translation>FBA orders are stocked and shipped by Amazon. There is nothing to do here</translation>
        </message>
        <message>
            <source>「{carrier}」は Amazon に「{abf}」と表示され、実際の配送業者が伝わりません。Amazon 側で出荷通知してください</source>
            <comment>rules.ms_abf</comment>
            <translation>Amazon would show "{carrier}" as "{abf}", which does not name the real carrier. Confirm the shipment on the Amazon side</translation>
        </message>
        <message>
            <source>配送業者を選んでください。選ばないと Amazon には「{abf}」と表示されます</source>
            <comment>rules.ms_abf_unchosen</comment>
            <translation>Choose a carrier. Without one, Amazon shows "{abf}"</translation>
        </message>
        <message>
            <source>Amazon では一部だけ出荷済みです。残りの商品も Amazon 側で出荷通知してください。makeshop で配送完了にすると、決済ステータスが「連携失敗」になることがあります</source>
            <comment>rules.ms_az_partial</comment>
            <translation>Only part of the order is shipped on Amazon. Confirm the remaining items on the Amazon side too. Marking it as shipped in makeshop can set the payment status to "link failed"</translation>
        </message>
        <message>
            <source>Amazon では出荷済みです。makeshop は自動で配送完了になるので待ってください。今 makeshop で配送完了にすると、決済ステータスが「連携失敗」になることがあります</source>
            <comment>rules.ms_az_shipped</comment>
            <translation>Already shipped on Amazon. makeshop will mark it as shipped by itself; please wait. Marking it as shipped in makeshop now can set the payment status to "link failed"</translation>
        </message>
        <message>
            <source>makeshop でキャンセルされた注文です</source>
            <comment>rules.ms_cancelled</comment>
            <translation>The order was cancelled in makeshop</translation>
        </message>
        <message>
            <source>makeshop で配送完了にします</source>
            <comment>rules.ms_complete</comment>
            <translation>Marks the order as shipped in makeshop</translation>
        </message>
        <message>
            <source>makeshop で配送完了にします（配送先 {count} 件すべて）</source>
            <comment>rules.ms_complete_all</comment>
            <translation>Marks the order as delivered in makeshop (all {count} delivery addresses)</translation>
        </message>
        <message>
            <source>makeshop で配送完了にします。Amazon には配送業者「{amazon_name}」として連携されます</source>
            <comment>rules.ms_convert</comment>
            <translation>Marks the order as shipped in makeshop. Amazon receives the carrier as "{amazon_name}"</translation>
        </message>
        <message>
            <source>makeshop に登録がない配送業者は選べません</source>
            <comment>rules.ms_custom</comment>
            <translation>A carrier not registered in makeshop cannot be chosen</translation>
        </message>
        <message>
            <source>makeshop に登録がない配送業者です。Amazon 側で出荷通知してください</source>
            <comment>rules.ms_custom_amazon</comment>
            <translation>This carrier is not registered in makeshop. Confirm the shipment on the Amazon side</translation>
        </message>
        <message>
            <source>決済ステータスが連携失敗の注文です。makeshop では配送完了にせず、Amazon の状態を確認してください</source>
            <comment>rules.ms_link_failed</comment>
            <translation>The payment status of this order is "link failed". Do not mark it as shipped in makeshop; check its status on Amazon</translation>
        </message>
        <message>
            <source>makeshop で配送完了にします。Amazon の注文かもしれないため、送る前に確認します</source>
            <comment>rules.ms_maybe_amazon</comment>
            <translation>Marks the order as delivered in makeshop. This may be an Amazon order, so you will be asked before it is sent</translation>
        </message>
        <message>
            <source>makeshop で配送完了にします（配送先 {count} 件すべて）。Amazon の注文かもしれないため、送る前に確認します</source>
            <comment>rules.ms_maybe_amazon_all</comment>
            <translation>Marks the order as delivered in makeshop (all {count} delivery addresses). This may be an Amazon order, so you will be asked before it is sent</translation>
        </message>
        <message>
            <source>この注文は Amazon の注文かもしれません（{why}）。Amazon の注文を makeshop で配送完了にすると、決済ステータスが「連携失敗」になり元に戻せないことがあります。ショップの注文であることを確かめた場合だけ続けてください</source>
            <comment>rules.ms_maybe_amazon_confirm</comment>
            <translation>This order may be an Amazon order ({why}). Marking an Amazon order as delivered in makeshop can set its payment status to “integration failed” for good. Continue only if you have checked that it is an order from your shop.</translation>
        </message>
        <message>
            <source>Amazon の状態が分からないため、makeshop では配送完了にできません。同期してください</source>
            <comment>rules.ms_no_amazon</comment>
            <translation>Amazon's status is not known, so it cannot be marked as shipped in makeshop. Please sync</translation>
        </message>
        <message>
            <source>「{carrier}」には makeshop の配送業者コードがないため、makeshop で配送完了にできません。makeshop の管理画面で配送業者を選んで配送完了にしてください</source>
            <comment>rules.ms_no_code</comment>
            <translation>"{carrier}" has no makeshop carrier code, so it cannot be marked as shipped from here. Choose the carrier and mark it as shipped in the makeshop admin</translation>
        </message>
        <message>
            <source>makeshop の伝票番号（追跡番号）は1件だけ入力してください</source>
            <comment>rules.ms_one_slip</comment>
            <translation>Enter only one makeshop slip number (tracking number)</translation>
        </message>
        <message>
            <source>makeshop 管理画面で注文を開きます</source>
            <comment>rules.ms_open</comment>
            <translation>Opens the order in the makeshop admin</translation>
        </message>
        <message>
            <source>FBA の注文は makeshop では処理できません。セラーセントラルで開いてください</source>
            <comment>rules.ms_open_fba</comment>
            <translation>FBA orders cannot be processed in makeshop. Open it in Seller Central</translation>
        </message>
        <message>
            <source>makeshop ではすでに返送済みです</source>
            <comment>rules.ms_returned</comment>
            <translation>Already returned in makeshop</translation>
        </message>
        <message>
            <source>Amazon 側で出荷通知済みです。makeshop は自動で配送完了になるので待ってください</source>
            <comment>rules.ms_sent_amazon</comment>
            <translation>The shipment was confirmed on the Amazon side. makeshop will mark it as shipped by itself; please wait</translation>
        </message>
        <message>
            <source>makeshop ではすでに配送完了です</source>
            <comment>rules.ms_shipped</comment>
            <translation>Already marked as shipped in makeshop</translation>
        </message>
        <message>
            <source>伝票番号は1件、または配送先の数（{count} 件）だけ入力してください</source>
            <comment>rules.ms_slips_per_delivery</comment>
            <translation>Enter one slip number, or one per delivery address ({count})</translation>
        </message>
        <message>
            <source>「{carrier}」は追跡番号がある配送方法です。makeshop で配送完了にしても伝票番号は Amazon に届きません。Amazon 側で出荷通知してください</source>
            <comment>rules.ms_tracked</comment>
            <translation>"{carrier}" has tracking numbers. Marking it as shipped in makeshop never passes the slip number to Amazon. Confirm the shipment on the Amazon side</translation>
        </message>
        <message>
            <source>「{carrier}」は追跡番号があるか分からない配送方法です。Amazon 側で出荷通知してください</source>
            <comment>rules.ms_tracked_unknown</comment>
            <translation>It is not known whether "{carrier}" has tracking numbers. Confirm the shipment on the Amazon side</translation>
        </message>
        <message>
            <source>makeshop ではまだ未処理です</source>
            <comment>rules.ms_unprocessed</comment>
            <translation>Still unprocessed in makeshop</translation>
        </message>
        <message>
            <source>Amazon の注文情報をまだ取得していません。同期してください</source>
            <comment>rules.no_amazon_data</comment>
            <translation>The Amazon order has not been fetched yet. Please sync</translation>
        </message>
        <message>
            <source>makeshop 側の注文がまだ見つかりません</source>
            <comment>rules.no_makeshop_data</comment>
            <translation>The order has not been found in makeshop yet</translation>
        </message>
        <message>
            <source>Amazon の注文ではありません</source>
            <comment>rules.not_amazon</comment>
            <translation>Not an Amazon order</translation>
        </message>
        <message>
            <source>前回送った処理の結果がまだ分かりません。二重に送らないよう、結果の確認が終わるまで待ってください</source>
            <comment>rules.outcome_unknown</comment>
            <translation>The result of the last action is not known yet. To avoid sending twice, wait until it has been checked</translation>
        </message>
        <message>
            <source>FBA の注文の返品は Amazon が処理します。ここで記録するものはありません</source>
            <comment>rules.rec_fba</comment>
            <translation>Returns of FBA orders are handled by Amazon. There is nothing to record here</translation>
        </message>
        <message>
            <source>セラーセントラルで返送処理したことを記録します。makeshop の処理区分が「返送」になるまで「返送反映待ち」と表示します</source>
            <comment>rules.rec_ok</comment>
            <translation>Records that you processed the return in Seller Central. Shows "Return pending in makeshop" until makeshop's processing status turns to "Returned"</translation>
        </message>
        <message>
            <source>自社の注文です。「返送」ボタンで makeshop の処理区分を返送にしてください</source>
            <comment>rules.rec_shop</comment>
            <translation>A shop order. Use the "Return" button to set makeshop's processing status to returned</translation>
        </message>
        <message>
            <source>まだ出荷していない注文は返送できません</source>
            <comment>rules.rec_unshipped</comment>
            <translation>An order not shipped yet cannot be returned</translation>
        </message>
        <message>
            <source>{where}。追跡番号 {count} 件で Amazon に出荷通知を送り直します（同じ荷物の上書き）</source>
            <comment>rules.resend_n</comment>
            <translation>{where}. Sends the shipment confirmation to Amazon again with {count} tracking number(s) (overwrites the same package)</translation>
        </message>
        <message>
            <source>Amazon の登録内容が違う荷物（追跡番号 {numbers}）だけ送り直せます。その追跡番号を入力してください</source>
            <comment>rules.resend_only</comment>
            <translation>Only the packages whose Amazon record differs (tracking number {numbers}) can be sent again. Enter that tracking number</translation>
        </message>
        <message>
            <source>Amazon の注文の返送は makeshop ではできません。セラーセントラルで返送処理してください</source>
            <comment>rules.ret_amazon</comment>
            <translation>Returns of Amazon orders cannot be done in makeshop. Process the return in Seller Central</translation>
        </message>
        <message>
            <source>返送は makeshop の管理画面で行ってください（このアプリからは返送にできません）</source>
            <comment>rules.ret_in_admin</comment>
            <translation>Returns are done in the makeshop admin (this app cannot mark an order as returned)</translation>
        </message>
        <message>
            <source>makeshop の処理区分を返送にします</source>
            <comment>rules.ret_ok</comment>
            <translation>Sets makeshop's processing status to returned</translation>
        </message>
        <message>
            <source>セラーセントラルでの返送処理は記録済みです。makeshop の処理区分が「返送」になるまで待ってください</source>
            <comment>rules.ret_recorded_wait</comment>
            <translation>The return in Seller Central is already recorded. Wait until makeshop's processing status turns to "Returned"</translation>
        </message>
        <message>
            <source>まだ配送完了にしていない注文は返送にできません</source>
            <comment>rules.ret_unshipped</comment>
            <translation>An order not marked as shipped cannot be returned</translation>
        </message>
        <message>
            <source>セラーセントラルで注文を開きます。出荷情報の編集で追跡番号 {number} を追加してください（番号はコピーされます）</source>
            <comment>rules.sc_add_tracking</comment>
            <translation>Opens the order in Seller Central. Add tracking number {number} when editing the shipment (the number is copied)</translation>
        </message>
        <message>
            <source>セラーセントラルで注文を開きます。出荷情報の編集で追跡番号を追加してください</source>
            <comment>rules.sc_add_tracking_no_number</comment>
            <translation>Opens the order in Seller Central. Add the tracking number when editing the shipment</translation>
        </message>
        <message>
            <source>Amazon の注文番号が分かりません</source>
            <comment>rules.sc_no_id</comment>
            <translation>The Amazon order number is not known</translation>
        </message>
        <message>
            <source>セラーセントラルで注文を開きます</source>
            <comment>rules.sc_open</comment>
            <translation>Opens the order in Seller Central</translation>
        </message>
        <message>
            <source>追跡番号 {number}: {reason}</source>
            <comment>rules.tracking_bad</comment>
            <translation>Tracking number {number}: {reason}</translation>
        </message>
        <message>
            <source>Amazon では出荷済みですが、追跡番号が Amazon に届いていません。セラーセントラルで出荷情報を開き、追跡番号を追加してください</source>
            <comment>rules.tracking_missing_confirm</comment>
            <translation>Shipped on Amazon, but Amazon has no tracking number. Open the shipment in Seller Central and add the tracking number</translation>
        </message>
        <message>
            <source>「{carrier}」は追跡番号の登録が必須です。追跡番号を入力してください</source>
            <comment>rules.tracking_required</comment>
            <translation>"{carrier}" requires a tracking number. Enter the tracking number</translation>
        </message>
        <message>
            <source>同じ追跡番号 {number} が2回入力されています</source>
            <comment>rules.tracking_twice</comment>
            <translation>The tracking number {number} was entered twice</translation>
        </message>
        <message>
            <source>配送業者コードの上書き: 「{carrier}」のコードが正しくありません</source>
            <comment>settings.carrier_code_bad</comment>
            <translation>Carrier code overrides: the code for "{carrier}" is not valid</translation>
        </message>
        <message>
            <source>配送業者コードの上書き: 「{carrier}」のコードが空です</source>
            <comment>settings.carrier_code_empty</comment>
            <translation>Carrier code overrides: the code for "{carrier}" is empty</translation>
        </message>
        <message>
            <source>配送業者コードの上書き: 配送業者名が空です</source>
            <comment>settings.carrier_name_empty</comment>
            <translation>Carrier code overrides: a carrier name is empty</translation>
        </message>
        <message>
            <source>デモモード: オン/オフで指定してください</source>
            <comment>settings.demo_bad</comment>
            <translation>Demo mode: set it on or off</translation>
        </message>
        <message>
            <source>{label}: 文字列で入力してください</source>
            <comment>settings.endpoint_not_text</comment>
            <translation>{label}: enter it as text</translation>
        </message>
        <message>
            <source>設定ファイルの形式が正しくありません</source>
            <comment>settings.file_bad</comment>
            <translation>The settings file is not in the expected format</translation>
        </message>
        <message>
            <source>{label}: 形式が正しくありません</source>
            <comment>settings.form_bad</comment>
            <translation>{label}: the saved value is not valid</translation>
        </message>
        <message>
            <source>配送業者コードの上書き</source>
            <comment>settings.label_carrier_overrides</comment>
            <translation>Carrier code overrides</translation>
        </message>
        <message>
            <source>列の配置</source>
            <comment>settings.label_column_layout</comment>
            <translation>Column layout</translation>
        </message>
        <message>
            <source>Amazon の反映を待つ時間</source>
            <comment>settings.label_confirm_wait</comment>
            <translation>Time to wait for Amazon to show a confirmation</translation>
        </message>
        <message>
            <source>CSV の列の対応</source>
            <comment>settings.label_csv_mapping</comment>
            <translation>CSV column mapping</translation>
        </message>
        <message>
            <source>絞り込みの状態</source>
            <comment>settings.label_filters</comment>
            <translation>Filter state</translation>
        </message>
        <message>
            <source>最終同期時刻</source>
            <comment>settings.label_last_sync</comment>
            <translation>Last sync times</translation>
        </message>
        <message>
            <source>makeshop の返送を待つ日数</source>
            <comment>settings.label_return_wait</comment>
            <translation>Days to wait for makeshop to show a return</translation>
        </message>
        <message>
            <source>表示言語: 「自動」「日本語」「英語」のいずれかを選んでください</source>
            <comment>settings.language_bad</comment>
            <translation>Display language: choose Automatic, Japanese or English</translation>
        </message>
        <message>
            <source>最後に使ったフォルダ: 形式が正しくありません</source>
            <comment>settings.last_folder_bad</comment>
            <translation>Last used folder: the saved value is not valid</translation>
        </message>
        <message>
            <source>{label}: 名前と値は文字列で指定してください</source>
            <comment>settings.name_value_not_text</comment>
            <translation>{label}: names and values must be text</translation>
        </message>
        <message>
            <source>{label}: 「名前: 値」の形式で指定してください</source>
            <comment>settings.not_name_value</comment>
            <translation>{label}: enter it as "name: value" pairs</translation>
        </message>
        <message>
            <source>{label}: {unit}単位の整数で入力してください</source>
            <comment>settings.not_whole_number</comment>
            <translation>{label}: enter a whole number of {unit}</translation>
        </message>
        <message>
            <source>{label}: {low}〜{high} {unit}で入力してください</source>
            <comment>settings.out_of_range</comment>
            <translation>{label}: enter {low} to {high} {unit}</translation>
        </message>
        <message>
            <source>Amazon の注文の見分け方: 形式が正しくありません</source>
            <comment>settings.recognition_bad</comment>
            <translation>How Amazon orders are recognised: the saved value is not valid</translation>
        </message>
        <message>
            <source>Amazon の注文の見分け方: {detail}</source>
            <comment>settings.recognition_said</comment>
            <translation>How Amazon orders are recognised: {detail}</translation>
        </message>
        <message>
            <source>秘密情報（トークン・キー・パスワード）は設定ファイルに保存できません: {where}。認証情報は「認証情報」画面から OS のキーリングに保存してください</source>
            <comment>settings.secret_in_file</comment>
            <translation>Secrets (tokens, keys, passwords) cannot be saved in the settings file: {where}. Save credentials in the OS keyring from the Credentials screen</translation>
        </message>
        <message>
            <source>自動同期の間隔: 分単位の整数で入力してください</source>
            <comment>settings.sync_interval_not_int</comment>
            <translation>Automatic sync interval: enter a whole number of minutes</translation>
        </message>
        <message>
            <source>自動同期の間隔: 0（オフ）または {low}〜{high} 分で入力してください</source>
            <comment>settings.sync_interval_range</comment>
            <translation>Automatic sync interval: enter 0 (off) or {low} to {high} minutes</translation>
        </message>
        <message>
            <source>日</source>
            <comment>settings.unit_days</comment>
            <translation>days</translation>
        </message>
        <message>
            <source>分</source>
            <comment>settings.unit_minutes</comment>
            <translation>minutes</translation>
        </message>
        <message>
            <source>不明な設定項目です: {name}</source>
            <comment>settings.unknown_field</comment>
            <translation>Unknown setting: {name}</translation>
        </message>
        <message>
            <source>ウィンドウの位置: 形式が正しくありません</source>
            <comment>settings.window_geometry_bad</comment>
            <translation>Window position: the saved value is not valid</translation>
        </message>
        <message>
            <source>すでに出荷通知済みです</source>
            <comment>shipment.already_confirmed</comment>
            <translation>Already confirmed</translation>
        </message>
        <message>
            <source>追跡番号 {numbers} はすでに Amazon に出荷通知済みです</source>
            <comment>shipment.already_confirmed_numbers</comment>
            <translation>Tracking number {numbers} was already confirmed to Amazon</translation>
        </message>
        <message>
            <source>この注文はすでに Amazon に出荷通知済みです</source>
            <comment>shipment.already_confirmed_order</comment>
            <translation>This order was already confirmed to Amazon</translation>
        </message>
        <message>
            <source>Amazon が出荷通知を受け付けました</source>
            <comment>shipment.amazon_accepted</comment>
            <translation>Amazon accepted the shipping confirmation</translation>
        </message>
        <message>
            <source>Amazon でキャンセルされました</source>
            <comment>shipment.amazon_cancelled</comment>
            <translation>Cancelled on Amazon</translation>
        </message>
        <message>
            <source>Amazon では出荷通知できない状態のため、送りませんでした</source>
            <comment>shipment.amazon_cannot_confirm</comment>
            <translation>Not sent: Amazon is in a state where the shipment cannot be confirmed</translation>
        </message>
        <message>
            <source>Amazon に出荷通知しました</source>
            <comment>shipment.amazon_confirmed</comment>
            <translation>Shipping confirmation sent to Amazon</translation>
        </message>
        <message>
            <source>Amazon の注文情報で出荷通知を確認しました</source>
            <comment>shipment.amazon_confirmed_by_order</comment>
            <translation>The shipping confirmation was found in Amazon's order details</translation>
        </message>
        <message>
            <source>Amazon に出荷通知しました（荷物{count}個）</source>
            <comment>shipment.amazon_confirmed_n</comment>
            <translation>Shipping confirmation sent to Amazon ({count} packages)</translation>
        </message>
        <message>
            <source>Amazon に届いていました</source>
            <comment>shipment.amazon_had_it</comment>
            <translation>Amazon had received it</translation>
        </message>
        <message>
            <source>Amazon に届いていなかったため、この内容は送らず、新しい内容で送ります</source>
            <comment>shipment.amazon_missing_send_new</comment>
            <translation>Amazon had not received it, so this request is dropped and the new one is sent</translation>
        </message>
        <message>
            <source>Amazon の認証情報が設定されていません</source>
            <comment>shipment.amazon_not_configured</comment>
            <translation>The Amazon credentials are not set up</translation>
        </message>
        <message>
            <source>Amazon に反映されました</source>
            <comment>shipment.amazon_reflected</comment>
            <translation>Reflected on Amazon</translation>
        </message>
        <message>
            <source>Amazon で出荷済みになったことを確認しました</source>
            <comment>shipment.amazon_shipped_confirmed</comment>
            <translation>Confirmed that the order is shipped on Amazon</translation>
        </message>
        <message>
            <source>Amazon では別の方法で出荷済みのため、この荷物は送りませんでした</source>
            <comment>shipment.amazon_shipped_otherwise</comment>
            <translation>Not sent: Amazon already shows the order shipped by another means</translation>
        </message>
        <message>
            <source>Amazon に接続できません</source>
            <comment>shipment.amazon_unreachable</comment>
            <translation>Cannot connect to Amazon</translation>
        </message>
        <message>
            <source>送信先「{via}」は指定できません（auto / amazon / makeshop）</source>
            <comment>shipment.bad_via</comment>
            <translation>"{via}" cannot be used as the destination (auto / amazon / makeshop)</translation>
        </message>
        <message>
            <source>中止しました</source>
            <comment>shipment.cancelled</comment>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>出荷通知済みです</source>
            <comment>shipment.confirmed_already</comment>
            <translation>Already confirmed</translation>
        </message>
        <message>
            <source>訂正する荷物の商品が分かりません</source>
            <comment>shipment.correct_no_items</comment>
            <translation>The items of the package to correct are unknown</translation>
        </message>
        <message>
            <source>追跡番号 {tracking} の荷物はこのアプリで出荷通知していないため、訂正できません</source>
            <comment>shipment.correct_not_ours</comment>
            <translation>The package with tracking number {tracking} was not confirmed from this app, so it cannot be corrected</translation>
        </message>
        <message>
            <source>商品が入っていない荷物があります</source>
            <comment>shipment.empty_package</comment>
            <translation>A package has no items</translation>
        </message>
        <message>
            <source>Amazon 用アップロードファイルへの書き出しを取り消しました（{rows} 行）。ここから出荷通知できます</source>
            <comment>shipment.export_cancel_done</comment>
            <translation>Export to the Amazon upload file cancelled ({rows} row(s)). The shipment can now be confirmed from here</translation>
        </message>
        <message>
            <source>書き出しを取り消しました</source>
            <comment>shipment.export_cancelled</comment>
            <translation>Export cancelled</translation>
        </message>
        <message>
            <source>アップロードファイルを書き出せませんでした</source>
            <comment>shipment.export_failed</comment>
            <translation>The upload file could not be written</translation>
        </message>
        <message>
            <source>出荷日が未来の日付です。出荷してから出荷通知してください</source>
            <comment>shipment.future_ship_date</comment>
            <translation>The ship date is in the future. Send the shipping confirmation after shipping</translation>
        </message>
        <message>
            <source>商品の分け方は追跡番号と同じ数だけ指定してください</source>
            <comment>shipment.items_count</comment>
            <translation>Give one item split per tracking number</translation>
        </message>
        <message>
            <source>makeshop ではすでに配送完了です</source>
            <comment>shipment.makeshop_already_done</comment>
            <translation>Already marked as shipped in makeshop</translation>
        </message>
        <message>
            <source>makeshop ではすでに返送済みです</source>
            <comment>shipment.makeshop_already_returned</comment>
            <translation>Already marked as returned in makeshop</translation>
        </message>
        <message>
            <source>配送完了済みです</source>
            <comment>shipment.makeshop_completed_already</comment>
            <translation>Already marked as shipped</translation>
        </message>
        <message>
            <source>makeshop で配送完了にしました</source>
            <comment>shipment.makeshop_done</comment>
            <translation>Marked as shipped in makeshop</translation>
        </message>
        <message>
            <source>makeshop で配送完了を確認しました</source>
            <comment>shipment.makeshop_done_confirmed</comment>
            <translation>Confirmed as shipped in makeshop</translation>
        </message>
        <message>
            <source>makeshop に届いていました</source>
            <comment>shipment.makeshop_had_it</comment>
            <translation>makeshop had received it</translation>
        </message>
        <message>
            <source>makeshop の認証情報が設定されていません</source>
            <comment>shipment.makeshop_not_configured</comment>
            <translation>The makeshop credentials are not set up</translation>
        </message>
        <message>
            <source>makeshop の注文が配送済みではないため、返送は送りませんでした</source>
            <comment>shipment.makeshop_not_shipped_no_return</comment>
            <translation>Not sent: the makeshop order is not shipped, so it cannot be returned</translation>
        </message>
        <message>
            <source>makeshop の注文が未処理ではないため、送りませんでした</source>
            <comment>shipment.makeshop_not_unshipped</comment>
            <translation>Not sent: the makeshop order is no longer unprocessed</translation>
        </message>
        <message>
            <source>makeshop で返送を確認しました</source>
            <comment>shipment.makeshop_return_confirmed</comment>
            <translation>Confirmed as returned in makeshop</translation>
        </message>
        <message>
            <source>makeshop で返送済みです</source>
            <comment>shipment.makeshop_returned</comment>
            <translation>Returned in makeshop</translation>
        </message>
        <message>
            <source>makeshop の注文の状態を確認できません</source>
            <comment>shipment.makeshop_state_unknown</comment>
            <translation>The state of the makeshop order cannot be checked</translation>
        </message>
        <message>
            <source>makeshop に接続できません</source>
            <comment>shipment.makeshop_unreachable</comment>
            <translation>Cannot connect to makeshop</translation>
        </message>
        <message>
            <source>makeshop で返送になっていました</source>
            <comment>shipment.makeshop_was_returned</comment>
            <translation>The order was already returned in makeshop</translation>
        </message>
        <message>
            <source>送信先を決められません</source>
            <comment>shipment.no_side</comment>
            <translation>Cannot decide where to send</translation>
        </message>
        <message>
            <source>結果をまだ確認できません：{error}</source>
            <comment>shipment.not_yet_known</comment>
            <translation>The result cannot be checked yet: {error}</translation>
        </message>
        <message>
            <source>送り直す荷物はありません</source>
            <comment>shipment.nothing_to_resend</comment>
            <translation>No package to send again</translation>
        </message>
        <message>
            <source>送るものはありません</source>
            <comment>shipment.nothing_to_send</comment>
            <translation>Nothing to send</translation>
        </message>
        <message>
            <source>注文「{order}」が見つかりません。注文を同期してください</source>
            <comment>shipment.order_not_found</comment>
            <translation>Order "{order}" was not found. Sync the orders</translation>
        </message>
        <message>
            <source>注文「{order}」が見つかりません。同期してください</source>
            <comment>shipment.order_not_found_sync</comment>
            <translation>Order "{order}" was not found. Sync first</translation>
        </message>
        <message>
            <source>前回の送信が届いたかどうかをまだ確かめられないため、今回は送りませんでした（二重送信を防ぐため）。接続を確かめてから、もう一度お試しください</source>
            <comment>shipment.pending</comment>
            <translation>Not sent this time: whether the previous send arrived cannot be checked yet (to avoid sending twice). Check the connection and try again</translation>
        </message>
        <message>
            <source>Amazon の最新の状態を確認できないため、makeshop の配送完了は送りません：{error}</source>
            <comment>shipment.recheck_failed</comment>
            <translation>Amazon's latest state cannot be checked, so makeshop is not marked as shipped: {error}</translation>
        </message>
        <message>
            <source>Amazon の最新の状態を確認できないため、makeshop の配送完了は送りません（Amazon の認証情報を設定してください）</source>
            <comment>shipment.recheck_no_amazon</comment>
            <translation>Amazon's latest state cannot be checked, so makeshop is not marked as shipped (set up the Amazon credentials)</translation>
        </message>
        <message>
            <source>{service} に届いていなかったため再送します</source>
            <comment>shipment.resend</comment>
            <translation>Sent again because {service} had not received it</translation>
        </message>
        <message>
            <source>返送は makeshop の管理画面で行ってください（このアプリからは返送にできません）</source>
            <comment>shipment.return_in_admin</comment>
            <translation>Make the return in the makeshop admin screen (this app cannot mark orders as returned)</translation>
        </message>
        <message>
            <source>前回の返送の結果がまだ分かりません。結果の確認を先に行います</source>
            <comment>shipment.return_pending</comment>
            <translation>The result of the previous return is not known yet. It is checked first</translation>
        </message>
        <message>
            <source>セラーセントラルで返送処理済みと記録しました。makeshop の処理区分が「返送」になるまで「返送反映待ち」と表示します</source>
            <comment>shipment.return_recorded</comment>
            <translation>Recorded that the return was processed in Seller Central. The order shows "Waiting for the return in makeshop" until makeshop shows it as returned</translation>
        </message>
        <message>
            <source>追跡番号 {tracking} は注文 {orders} ですでに使われています。1つの荷物で複数の注文を送る（同梱）なら、同梱として送ることを選んでください。入力ミスなら番号を直してください</source>
            <comment>shipment.shared_number</comment>
            <translation>Tracking number {tracking} is already used for order {orders}. If one parcel carries several orders, choose to send it as one parcel. If it is a typo, correct the number</translation>
        </message>
        <message>
            <source>出荷日 {day} は出荷日としてありえない日付です。正しい出荷日を入れてください</source>
            <comment>shipment.ship_date_impossible</comment>
            <translation>The ship date {day} is not a possible ship date. Enter the correct ship date</translation>
        </message>
        <message>
            <source>出荷日 {day} は出荷日としてありえない日付です（注文日 {ordered}）。正しい出荷日を入れてください</source>
            <comment>shipment.ship_date_impossible_order</comment>
            <translation>The ship date {day} is not a possible ship date (ordered on {ordered}). Enter the correct ship date</translation>
        </message>
        <message>
            <source>追跡番号（{packages}件）が未出荷の商品点数（{units}点）より多いため、荷物ごとの商品の分け方を指定してください</source>
            <comment>shipment.too_many_packages</comment>
            <translation>There are more tracking numbers ({packages}) than unshipped items ({units}). Say which items go in each package</translation>
        </message>
        <message>
            <source>Amazon への送信結果を確認できませんでした（届いている可能性があります）。次に同期か送信をするときに Amazon で確かめ、届いていなければ同じ内容を送ります。それより前にこの注文を別の追跡番号で送り直すと、その新しい番号が優先されます（届いていた場合は訂正として送ります）。二重には送りません</source>
            <comment>shipment.unknown_amazon</comment>
            <translation>Could not confirm the result of sending to Amazon (it may have arrived). The next sync or send checks on Amazon and sends the same request if it did not arrive. If you send this order again with another tracking number before that, the new number wins (sent as a correction if the first one had arrived). Nothing is sent twice</translation>
        </message>
        <message>
            <source>{service} は受け付けた可能性がありますが、結果を記録できませんでした（{error}）。結果は不明として扱い、空き容量が戻ったあと次の同期や送信の前に {service} に問い合わせて確かめます（二重には送りません）</source>
            <comment>shipment.unrecorded</comment>
            <translation>{service} may have accepted it, but the result could not be recorded ({error}). It is treated as unknown: once there is free disk space again, {service} is asked before the next sync or send (nothing is sent twice)</translation>
        </message>
        <message>
            <source>{when}に出荷通知（{what}）を送りましたが、Amazon にまだ反映されていません。セラーセントラルで注文を確認し、出荷済みになっていなければ出荷通知し直してください</source>
            <comment>states.confirm_not_reflected</comment>
            <translation>The shipment confirmation ({what}) was sent at {when}, but Amazon does not show it yet. Check the order in Seller Central and confirm it again if it is not shipped there</translation>
        </message>
        <message>
            <source>追跡番号 {numbers}</source>
            <comment>states.packages_sent</comment>
            <translation>tracking number {numbers}</translation>
        </message>
        <message>
            <source>追跡番号なし</source>
            <comment>states.packages_sent_none</comment>
            <translation>no tracking number</translation>
        </message>
        <message>
            <source>{when}にセラーセントラルでの返送処理を記録しましたが、makeshop の処理区分がまだ「返送」になっていません。makeshop の管理画面で確認してください</source>
            <comment>states.return_not_reflected</comment>
            <translation>The Seller Central return was recorded at {when}, but makeshop's processing status is still not "Returned". Check it in the makeshop admin</translation>
        </message>
        <message>
            <source>Amazon が注文を確定するのを待っています（注文日時: {when}）。確定すると出荷通知できるようになります</source>
            <comment>states.wait_amazon_pending</comment>
            <translation>Waiting for Amazon to finalise the order (ordered {when}). Once it is, the shipment can be confirmed</translation>
        </message>
        <message>
            <source>Amazon が出荷通知を反映するのを待っています（{when}に送信）。{limit}までに反映されなければ、要対応に戻ります</source>
            <comment>states.wait_confirm</comment>
            <translation>Waiting for Amazon to reflect the shipment confirmation (sent {when}). If it is not reflected by {limit}, the order needs action again</translation>
        </message>
        <message>
            <source>出荷期限（{due}）を過ぎてから出荷通知を送りました（{when}に送信）。Amazon が反映するのを待っています。{limit}までに反映されなければ、要対応に戻ります</source>
            <comment>states.wait_confirm_late</comment>
            <translation>The shipment confirmation was sent after the ship-by deadline ({due}; sent {when}). Waiting for Amazon to reflect it. If it is not reflected by {limit}, the order needs action again</translation>
        </message>
        <message>
            <source>Amazon が出荷通知を反映するのを待っています</source>
            <comment>states.wait_confirm_no_time</comment>
            <translation>Waiting for Amazon to reflect the shipment confirmation</translation>
        </message>
        <message>
            <source>Amazon が出荷します（注文日時: {when}）。セラーセントラルで状況を確認できます</source>
            <comment>states.wait_fba</comment>
            <translation>Amazon ships it (ordered {when}). You can follow it in Seller Central</translation>
        </message>
        <message>
            <source>makeshop の処理区分が「返送」になるのを待っています（{when}に記録）。{limit}を過ぎても変わらなければお知らせします</source>
            <comment>states.wait_return</comment>
            <translation>Waiting for makeshop's processing status to turn to "Returned" (recorded {when}). You will be told if it has not changed by {limit}</translation>
        </message>
        <message>
            <source>makeshop が自動で配送完了になるのを待っています（Amazon で出荷済み: {when}）</source>
            <comment>states.wait_sync</comment>
            <translation>Waiting for makeshop to mark the order as shipped by itself (shipped on Amazon: {when})</translation>
        </message>
        <message>
            <source>Amazon がこの注文を出荷できない状態と報告しています（{when}時点）。セラーセントラルで注文を確認してください</source>
            <comment>states.wait_unfulfillable</comment>
            <translation>Amazon reports that this order cannot be fulfilled (as of {when}). Check the order in Seller Central</translation>
        </message>
        <message>
            <source>{when}に送った処理の結果を確認しています。次の同期で結果が分かります</source>
            <comment>states.wait_unknown</comment>
            <translation>Checking the result of the action sent at {when}. The next sync will tell</translation>
        </message>
        <message>
            <source>送った処理の結果を確認しています。次の同期で結果が分かります</source>
            <comment>states.wait_unknown_no_time</comment>
            <translation>Checking the result of an action sent earlier. The next sync will tell</translation>
        </message>
        <message>
            <source>{when}に Amazon 用アップロードファイルに書き出しました。セラーセントラルにアップロードして反映を待つか、書き出しを取り消してください</source>
            <comment>states.wait_upload</comment>
            <translation>Written to the Amazon upload file at {when}. Upload it in Seller Central and wait for it to be reflected, or cancel the export</translation>
        </message>
        <message>
            <source>壊れています（{error}）</source>
            <comment>store.broken</comment>
            <translation>is damaged ({error})</translation>
        </message>
        <message>
            <source>注文データのファイルが別の amzdesk で使用中のため書き込めませんでした。しばらくしてからやり直してください</source>
            <comment>store.busy</comment>
            <translation>The order data file is in use by another amzdesk, so it could not be written. Try again in a moment</translation>
        </message>
        <message>
            <source>開けません（{error}）</source>
            <comment>store.cannot_open</comment>
            <translation>cannot be opened ({error})</translation>
        </message>
        <message>
            <source>注文データのファイルは閉じられています</source>
            <comment>store.closed</comment>
            <translation>The order data file is closed</translation>
        </message>
        <message>
            <source>注文データのファイル {path} は{what}。送信の記録を失わないよう、新しいファイルでは始めませんでした。{restore}</source>
            <comment>store.damaged</comment>
            <translation>The order data file {path} {what}. To keep the record of what was sent, no new file was started. {restore}</translation>
        </message>
        <message>
            <source>空です（0 バイト）</source>
            <comment>store.empty</comment>
            <translation>is empty (0 bytes)</translation>
        </message>
        <message>
            <source>この注文データのファイルは新しいバージョンの amzdesk で作成されています。amzdesk を更新してください。</source>
            <comment>store.newer</comment>
            <translation>This order data file was made by a newer version of amzdesk. Update amzdesk.</translation>
        </message>
        <message>
            <source>中身がありません（表がひとつもありません）</source>
            <comment>store.no_tables</comment>
            <translation>has no content (not a single table)</translation>
        </message>
        <message>
            <source>通常のファイルではありません</source>
            <comment>store.not_a_file</comment>
            <translation>is not a regular file</translation>
        </message>
        <message>
            <source>壊れています（SQLite の形式ではありません）</source>
            <comment>store.not_sqlite</comment>
            <translation>is damaged (not in SQLite format)</translation>
        </message>
        <message>
            <source>注文データのファイルを読み込めませんでした（{error}）</source>
            <comment>store.read</comment>
            <translation>The order data file could not be read ({error})</translation>
        </message>
        <message>
            <source>前回正常に終了したときのコピーが {backup} にあります。amzdesk を終了し、{name} を別の名前に変えて保管してから、このコピーの名前を {name} に変えると、その時点の状態に戻せます（その後の送信は次の同期で Amazon・makeshop から読み直されます）</source>
            <comment>store.restore_copy</comment>
            <translation>A copy from the last normal exit is at {backup}. Quit amzdesk, rename {name} to keep it, then rename this copy to {name} to go back to that state (what was sent afterwards is read again from Amazon and makeshop at the next sync)</translation>
        </message>
        <message>
            <source>コピーはまだありません。amzdesk を終了し、このファイルを別の名前に変えて保管してから起動すると新しく始められますが、送信の記録は引き継がれません</source>
            <comment>store.restore_none</comment>
            <translation>There is no copy yet. Quit amzdesk and rename this file to keep it; the next start begins afresh, but the record of what was sent is not carried over</translation>
        </message>
        <message>
            <source>読めません（{error}）</source>
            <comment>store.unreadable</comment>
            <translation>cannot be read ({error})</translation>
        </message>
        <message>
            <source>注文データのファイルに書き込めませんでした（ディスクの空きを確認してください）（{error}）</source>
            <comment>store.write</comment>
            <translation>The order data file could not be written (check the free disk space) ({error})</translation>
        </message>
        <message>
            <source>中止しました</source>
            <comment>sync.cancelled</comment>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>{service}: {fetched} 件取得・{changed} 件更新</source>
            <comment>sync.counts</comment>
            <translation>{service}: {fetched} fetched, {changed} updated</translation>
        </message>
        <message>
            <source>{service}: エラー（{message}）</source>
            <comment>sync.failed</comment>
            <translation>{service}: error ({message})</translation>
        </message>
        <message>
            <source>{service}: {message}</source>
            <comment>sync.from_source</comment>
            <translation>{service}: {message}</translation>
        </message>
        <message>
            <source>認証に失敗しました。認証情報を確認してください</source>
            <comment>sync.kind_auth</comment>
            <translation>Authentication failed. Check the credentials</translation>
        </message>
        <message>
            <source>リクエストが受け付けられませんでした</source>
            <comment>sync.kind_input</comment>
            <translation>The request was not accepted</translation>
        </message>
        <message>
            <source>想定外の応答を受け取りました。しばらくしてから再度同期してください</source>
            <comment>sync.kind_invalid_response</comment>
            <translation>An unexpected answer was received. Wait a moment and sync again</translation>
        </message>
        <message>
            <source>接続できませんでした。ネットワークを確認してください</source>
            <comment>sync.kind_network</comment>
            <translation>Could not connect. Check the network</translation>
        </message>
        <message>
            <source>リクエストが多すぎるため受け付けられませんでした。しばらくしてから再度同期してください</source>
            <comment>sync.kind_rate_limit</comment>
            <translation>Too many requests, so they were not accepted. Wait a moment and sync again</translation>
        </message>
        <message>
            <source>サーバーでエラーが起きました。しばらくしてから再度同期してください</source>
            <comment>sync.kind_server</comment>
            <translation>An error occurred on the server. Wait a moment and sync again</translation>
        </message>
        <message>
            <source>同期中に予期しないエラーが起きました。ログを確認してください</source>
            <comment>sync.kind_unexpected</comment>
            <translation>An unexpected error occurred while syncing. Check the log</translation>
        </message>
        <message>
            <source>{service}: 未設定</source>
            <comment>sync.not_configured</comment>
            <translation>{service}: not set up</translation>
        </message>
        <message>
            <source>{low}〜{high}文字の英数字を入力してください（今は{count}文字）</source>
            <comment>tracking.alnum_range</comment>
            <translation>Enter {low} to {high} letters and digits (now {count})</translation>
        </message>
        <message>
            <source>アラビア文字の方向制御文字</source>
            <comment>tracking.c_alm</comment>
            <translation>Arabic letter mark</translation>
        </message>
        <message>
            <source>BOM（ゼロ幅ノーブレークスペース）</source>
            <comment>tracking.c_bom</comment>
            <translation>BOM (zero-width no-break space)</translation>
        </message>
        <message>
            <source>結合文字</source>
            <comment>tracking.c_combining</comment>
            <translation>combining character</translation>
        </message>
        <message>
            <source>制御文字</source>
            <comment>tracking.c_control</comment>
            <translation>control character</translation>
        </message>
        <message>
            <source>書式制御文字（目に見えない文字）</source>
            <comment>tracking.c_format</comment>
            <translation>format character (invisible)</translation>
        </message>
        <message>
            <source>改行文字</source>
            <comment>tracking.c_line</comment>
            <translation>line separator</translation>
        </message>
        <message>
            <source>左から右への方向制御文字</source>
            <comment>tracking.c_lrm</comment>
            <translation>left-to-right mark</translation>
        </message>
        <message>
            <source>段落区切り文字</source>
            <comment>tracking.c_paragraph</comment>
            <translation>paragraph separator</translation>
        </message>
        <message>
            <source>私用領域の文字</source>
            <comment>tracking.c_private</comment>
            <translation>private-use character</translation>
        </message>
        <message>
            <source>右から左への方向制御文字</source>
            <comment>tracking.c_rlm</comment>
            <translation>right-to-left mark</translation>
        </message>
        <message>
            <source>ソフトハイフン</source>
            <comment>tracking.c_shy</comment>
            <translation>soft hyphen</translation>
        </message>
        <message>
            <source>空白文字</source>
            <comment>tracking.c_space</comment>
            <translation>space character</translation>
        </message>
        <message>
            <source>サロゲート</source>
            <comment>tracking.c_surrogate</comment>
            <translation>surrogate</translation>
        </message>
        <message>
            <source>未割り当ての文字</source>
            <comment>tracking.c_unassigned</comment>
            <translation>unassigned character</translation>
        </message>
        <message>
            <source>単語結合子</source>
            <comment>tracking.c_wj</comment>
            <translation>word joiner</translation>
        </message>
        <message>
            <source>ゼロ幅接合子</source>
            <comment>tracking.c_zwj</comment>
            <translation>zero-width joiner</translation>
        </message>
        <message>
            <source>ゼロ幅非接合子</source>
            <comment>tracking.c_zwnj</comment>
            <translation>zero-width non-joiner</translation>
        </message>
        <message>
            <source>ゼロ幅スペース</source>
            <comment>tracking.c_zwsp</comment>
            <translation>zero-width space</translation>
        </message>
        <message>
            <source>「U+{code}（{name}）」</source>
            <comment>tracking.char</comment>
            <translation>"U+{code} ({name})"</translation>
        </message>
        <message>
            <source>チェックディジットが一致しません。番号を見直してください</source>
            <comment>tracking.check_digit</comment>
            <translation>The check digit does not match. Check the number.</translation>
        </message>
        <message>
            <source>{lengths}の数字を入力してください（今は{count}桁）</source>
            <comment>tracking.digits_len</comment>
            <translation>Enter {lengths} (now {count} digits)</translation>
        </message>
        <message>
            <source>{low}〜{high}桁の数字を入力してください（今は{count}桁）</source>
            <comment>tracking.digits_range</comment>
            <translation>Enter {low} to {high} digits (now {count} digits)</translation>
        </message>
        <message>
            <source>追跡番号を入力してください</source>
            <comment>tracking.empty</comment>
            <translation>Enter the tracking number</translation>
        </message>
        <message>
            <source>10桁</source>
            <comment>tracking.len_10</comment>
            <translation>10 digits</translation>
        </message>
        <message>
            <source>12桁</source>
            <comment>tracking.len_12</comment>
            <translation>12 digits</translation>
        </message>
        <message>
            <source>12桁（書留・特定記録は11桁）</source>
            <comment>tracking.len_jp_post</comment>
            <translation>12 digits (11 for registered and recorded mail)</translation>
        </message>
        <message>
            <source>英数字以外の文字が含まれています: {chars}</source>
            <comment>tracking.non_alnum</comment>
            <translation>Contains characters other than letters and digits: {chars}</translation>
        </message>
        <message>
            <source>数字以外の文字が含まれています: {chars}</source>
            <comment>tracking.non_digit</comment>
            <translation>Contains characters other than digits: {chars}</translation>
        </message>
        <message>
            <source>この配送方法には追跡番号がありません。入力した番号はそのまま Amazon と makeshop に送られます。お問い合わせ番号でなければ消してください</source>
            <comment>tracking.not_needed</comment>
            <translation>This method has no tracking number. A number entered is sent as it is to Amazon and makeshop; delete it unless it is an inquiry number</translation>
        </message>
        <message>
            <source>国際郵便の番号は「EG123456785JP」の形（英字2文字＋数字9桁＋英字2文字）です（今は「{number}」）</source>
            <comment>tracking.s10</comment>
            <translation>An international mail number looks like "EG123456785JP" (2 letters, 9 digits, 2 letters) (now "{number}")</translation>
        </message>
    </context>
</TS>